"""API for attendance."""

urlpatterns = []

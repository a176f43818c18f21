"""API for partners."""

urlpatterns = []

"""API for lectures."""

urlpatterns = []

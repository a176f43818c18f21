"""API views for visits."""

urlpatterns = []

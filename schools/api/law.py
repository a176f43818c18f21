"""API views for law."""

urlpatterns = []

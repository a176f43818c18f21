"""API for content."""

urlpatterns = []

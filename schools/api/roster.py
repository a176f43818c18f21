"""API views for roster."""

urlpatterns = []

"""API views for committees."""

urlpatterns = []

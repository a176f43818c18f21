"""API for map."""

urlpatterns = []

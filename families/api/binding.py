"""API for binding."""

urlpatterns = []

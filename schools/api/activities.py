"""API views for activities."""

urlpatterns = []

"""API for bookings."""

urlpatterns = []

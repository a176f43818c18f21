"""Pages for bookings."""

urlpatterns = []

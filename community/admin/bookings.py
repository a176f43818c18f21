"""Back office for bookings."""

"""Back office for attendance."""

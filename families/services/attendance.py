"""Services for attendance."""

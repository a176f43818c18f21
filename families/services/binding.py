"""Services for binding."""

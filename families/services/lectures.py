"""Services for lectures."""

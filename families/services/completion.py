"""Services for completion."""

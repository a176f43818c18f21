"""Services for content."""

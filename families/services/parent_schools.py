"""Services for parent_schools."""

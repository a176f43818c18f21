"""Community views, one module per area."""

"""Community services, one module per area."""

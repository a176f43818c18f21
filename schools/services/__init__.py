"""Every write of the schools app, one module per area."""

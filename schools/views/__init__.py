"""Browser pages of the schools app, one module per area."""

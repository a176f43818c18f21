"""Care-program pages, one module per area."""

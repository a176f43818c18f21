"""Care-program services, one module per area."""

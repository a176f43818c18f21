"""Care-program reads, one module per area; case reads are audited."""

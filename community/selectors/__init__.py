"""Community selectors, one module per area."""

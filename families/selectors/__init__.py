"""Families selectors, one module per area."""

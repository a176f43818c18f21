"""Families services, one module per area."""

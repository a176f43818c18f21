"""Families views, one module per area."""

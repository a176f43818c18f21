"""Reads of the schools app that are reused or checked for access."""

"""Back office for law."""

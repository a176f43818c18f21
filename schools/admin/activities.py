"""Back office for activities."""

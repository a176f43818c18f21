"""Back office for binding."""

"""Back office for resources."""

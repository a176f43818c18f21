"""Back office for visits."""

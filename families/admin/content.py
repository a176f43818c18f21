"""Back office for content."""

"""Back office for lectures."""

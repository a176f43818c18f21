"""Back office for partners."""

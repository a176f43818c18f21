"""Back office for alliances."""

"""Back office for committees."""

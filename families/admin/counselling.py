"""Back office for counselling."""

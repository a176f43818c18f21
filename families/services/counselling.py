"""Services for counselling."""

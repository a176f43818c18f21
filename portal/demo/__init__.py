"""The demo city: `manage.py seed_demo` plans it (plan.py, from the data in
city.py and names.py) and writes it (builder.py)."""

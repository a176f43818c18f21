"""A synthetic city at Nanning's scale (or a fraction of it), loaded with
PostgreSQL COPY for load tests and benchmarks. `manage.py seed_city` runs it."""

"""The schools app's back office, one module per area; importing registers."""

from . import activities, calendar, committees, law, org, visits  # noqa: F401

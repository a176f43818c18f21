"""The community app's back office, one module per area; importing registers."""

from . import alliances, bookings, partners, resources  # noqa: F401

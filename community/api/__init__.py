"""The community app's API, one module per area."""

from . import alliances, bookings, map, partners

urlpatterns = [
    *map.urlpatterns,
    *bookings.urlpatterns,
    *partners.urlpatterns,
    *alliances.urlpatterns,
]

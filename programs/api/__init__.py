"""The programs app's API, one module per area."""

from . import alerts, cases, networks, referrals, timeline

urlpatterns = [
    *networks.urlpatterns,
    *cases.urlpatterns,
    *referrals.urlpatterns,
    *alerts.urlpatterns,
    *timeline.urlpatterns,
]

"""The schools app's API, one module per area."""

from . import activities, committees, law, org, roster, visits

urlpatterns = [
    *org.urlpatterns,
    *roster.urlpatterns,
    *visits.urlpatterns,
    *activities.urlpatterns,
    *committees.urlpatterns,
    *law.urlpatterns,
]

from django.urls import include, path

from schools.views import activities, committees, coverage, law, roster, visits

app_name = "schools"

urlpatterns = [
    path("", include(visits.urlpatterns)),
    path("coverage/", include(coverage.urlpatterns)),
    path("roster/", include(roster.urlpatterns)),
    path("activities/", include(activities.urlpatterns)),
    path("committees/", include(committees.urlpatterns)),
    path("law/", include(law.urlpatterns)),
]

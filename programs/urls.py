from django.urls import include, path

from programs.views import alerts, cases, networks, referrals, timeline

app_name = "programs"

urlpatterns = [
    path("", include(cases.urlpatterns)),
    path("networks/", include(networks.urlpatterns)),
    path("alerts/", include(alerts.urlpatterns)),
    path("referrals/", include(referrals.urlpatterns)),
    path("family/", include(timeline.urlpatterns)),
]

from django.urls import include, path

from programs.views import networks

app_name = "programs"

urlpatterns = [
    path("networks/", include(networks.urlpatterns)),
]

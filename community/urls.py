from django.urls import include, path

from community.views import alliances, bookings, map, partners

app_name = "community"

urlpatterns = [
    path("map/", include(map.urlpatterns)),
    path("bookings/", include(bookings.urlpatterns)),
    path("partners/", include(partners.urlpatterns)),
    path("alliances/", include(alliances.urlpatterns)),
]

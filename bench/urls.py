"""The portal's routes plus the bare view the benchmarks measure against:
the framework and the database at their cheapest, one query and a short
response, through the same middleware as every page."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare),
    path("", include("portal.urls")),
]

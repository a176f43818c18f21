"""The education map (育人地图): a public page with a map and a searchable
list, one page per place, and the map's data as GeoJSON and HSDS."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.gzip import gzip_page

from community.forms.resources import MapFilterForm
from community.models import AgeGroup, Theme
from community.selectors import bookings as booking_selectors
from community.selectors import resources as selectors
from community.selectors.resources import MapFilters

LIST_PAGE_SIZE = 30


def map_page(request):
    filters = MapFilters.from_query(request.GET)
    form = MapFilterForm(request.GET or None, districts=selectors.map_districts(request.user))
    form.is_valid()
    rows = selectors.list_rows(request.user, filters)
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.as_query()
    return render(
        request,
        "community/map/map.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "count": page.paginator.count,
            "query": urlencode(query),
            "map_config": {
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                "centre": ",".join(str(v) for v in settings.MAP_CENTRE),
                "bounds": ",".join(str(v) for v in settings.CITY_BOUNDS),
            },
        },
    )


@gzip_page  # thousands of places: a few hundred kilobytes instead of megabytes on a phone
def resources_geojson(request):
    filters = MapFilters.from_query(request.GET)
    data = selectors.geojson_data(request.user, filters)
    if data.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(data.gzipped, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"  # compressed once a minute, not per request
    else:
        response = HttpResponse(data.json, content_type="application/geo+json")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def hsds_download(request):
    filters = MapFilters.from_query(request.GET)
    data = selectors.hsds_export(
        request.user, filters, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="education-map-hsds-{stamp}.json"'
    return response


def _labels(values, choices) -> list[str]:
    return [choices(value).label for value in values if value in choices.values]


def resource_detail(request, pk: int):
    resource = selectors.resource_detail(request.user, pk)
    may_book = (
        request.user.is_authenticated
        and resource.open_for_bookings
        and booking_selectors.may_book(request.user)
    )
    slots = list(booking_selectors.free_slots(request.user, resource)[:20]) if may_book else []
    return render(
        request,
        "community/map/resource.html",
        {
            "resource": resource,
            "courses": resource.active_courses,
            "may_book": may_book,
            "slots": slots,
            "may_manage": booking_selectors.may_manage_base(request.user, resource),
            "stars": range(resource.star_rating or 0),
            "themes": _labels(resource.themes, Theme),
            "age_groups": _labels(resource.age_groups, AgeGroup),
        },
    )


urlpatterns = [
    path("", map_page, name="map"),
    path("resources.geojson", resources_geojson, name="resources-geojson"),
    path("hsds.json", hsds_download, name="map-hsds"),
    path("resources/<int:pk>/", resource_detail, name="resource-detail"),
]

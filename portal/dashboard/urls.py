from django.urls import path

from portal.dashboard import views
from portal.models import AreaLevel

CITY, DISTRICT, SCHOOL = AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.SCHOOL

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("city/", views.area_page, {"level": CITY}, name="city"),
    path("city/<str:key>/", views.indicator_page, {"level": CITY}, name="city-indicator"),
    path("district/<int:pk>/", views.area_page, {"level": DISTRICT}, name="district"),
    path(
        "district/<int:pk>/<str:key>/",
        views.indicator_page,
        {"level": DISTRICT},
        name="district-indicator",
    ),
    path("school/<int:pk>/", views.area_page, {"level": SCHOOL}, name="school"),
    path(
        "school/<int:pk>/<str:key>/",
        views.indicator_page,
        {"level": SCHOOL},
        name="school-indicator",
    ),
    path("reports/", views.report_list, name="reports"),
    path("reports/request/", views.report_request, name="report-request"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report-retry"),
    path("reports/<int:pk>/download/<str:fmt>/", views.report_download, name="report-download"),
]

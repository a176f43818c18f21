"""API of the education map: public, read-only. The places as GeoJSON (the
map's data, filterable), one place with its courses, the recommended
study-tour providers, and the Open Referral HSDS export for other
systems (civil affairs)."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from community.models import AgeGroup, ResourceCategory, StudyTourProvider, Theme
from community.selectors import resources as selectors
from community.selectors.resources import MapFilters

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Search in name, address and description"),
    OpenApiParameter("category", str, enum=ResourceCategory.values),
    OpenApiParameter("district", int, description="District id"),
    OpenApiParameter("theme", str, enum=Theme.values),
    OpenApiParameter("age_group", str, enum=AgeGroup.values),
    OpenApiParameter("open", bool, description="Only places open for school bookings"),
]


class PointOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[longitude, latitude]",
    )


class FeaturePropertiesOutput(serializers.Serializer):
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=ResourceCategory.choices)
    category_label = serializers.CharField()
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices))
    age_groups = serializers.ListField(child=serializers.ChoiceField(choices=AgeGroup.choices))
    district = serializers.CharField()
    address = serializers.CharField()
    opening_hours = serializers.CharField()
    capacity_per_visit = serializers.IntegerField(allow_null=True)
    star_rating = serializers.IntegerField(allow_null=True)
    open_for_bookings = serializers.BooleanField()
    courses = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(help_text="The place's page")


class FeatureOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = PointOutput()
    properties = FeaturePropertiesOutput()


class FeatureCollectionOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = FeatureOutput(many=True)


class PublicView(APIView):
    permission_classes = [AllowAny]


class ResourceGeoJSONView(PublicView):
    @extend_schema(
        operation_id="map_resources_geojson",
        parameters=FILTER_PARAMETERS,
        responses=FeatureCollectionOutput,
        summary="Approved places of the education map as a GeoJSON FeatureCollection",
    )
    def get(self, request):
        return Response(selectors.geojson(request.user, MapFilters.from_query(request.GET)))


class CourseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    age_groups = serializers.ListField(child=serializers.CharField())
    duration_minutes = serializers.IntegerField()


class ResourceDetailOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    themes = serializers.ListField(child=serializers.CharField())
    age_groups = serializers.ListField(child=serializers.CharField())
    district = serializers.CharField(source="district.name")
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    description = serializers.CharField()
    opening_hours = serializers.CharField()
    capacity_per_visit = serializers.IntegerField(allow_null=True)
    accessibility = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    website = serializers.CharField()
    approval_status = serializers.CharField()
    star_rating = serializers.IntegerField(allow_null=True)
    open_for_bookings = serializers.BooleanField()
    courses = CourseOutput(many=True, source="active_courses")


class ResourceDetailView(PublicView):
    @extend_schema(responses=ResourceDetailOutput, summary="One place with its courses")
    def get(self, request, pk: int):
        return Response(ResourceDetailOutput(selectors.resource_detail(request.user, pk)).data)


class ProviderOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name")

    class Meta:
        model = StudyTourProvider
        fields = ["id", "name", "district", "contact_name", "contact_phone", "description"]


class RecommendedProviderListView(ListAPIView):
    """The recommended list of study-tour providers (承办机构推荐目录)."""

    permission_classes = [AllowAny]
    serializer_class = ProviderOutput

    def get_queryset(self):
        return selectors.recommended_providers(self.request.user)


HSDS_SCHEMA = inline_serializer(
    "HSDSExport",
    {
        "hsds_version": serializers.CharField(),
        "organizations": serializers.ListField(child=serializers.DictField()),
        "services": serializers.ListField(child=serializers.DictField()),
        "locations": serializers.ListField(child=serializers.DictField()),
        "service_at_locations": serializers.ListField(child=serializers.DictField()),
        "addresses": serializers.ListField(child=serializers.DictField()),
        "phones": serializers.ListField(child=serializers.DictField()),
        "schedules": serializers.ListField(child=serializers.DictField()),
        "accessibility": serializers.ListField(child=serializers.DictField()),
    },
)


class HSDSExportView(PublicView):
    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={(200, "application/json"): HSDS_SCHEMA},
        summary="The map's places in the Open Referral HSDS 3.0 shape",
        description=(
            "Each place is an organization offering one service (visits) and one per course, "
            "at one physical location with address, phone, schedule and accessibility. "
            "Ids are stable UUIDs across exports."
        ),
    )
    def get(self, request):
        return Response(
            selectors.hsds_export(
                request.user,
                MapFilters.from_query(request.GET),
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        )


urlpatterns = [
    path("map/resources/", ResourceGeoJSONView.as_view(), name="map-resource-list"),
    path("map/resources/<int:pk>/", ResourceDetailView.as_view(), name="map-resource-detail"),
    path("map/providers/", RecommendedProviderListView.as_view(), name="map-provider-list"),
    path("map/hsds/", HSDSExportView.as_view(), name="map-hsds"),
]

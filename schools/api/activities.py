"""API for family-education guidance activities: scoped lists, one
activity, recording through the service, and a district's progress."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.input_limits import DATE_RANGE, TEXT_MAX_LENGTH
from schools.models import ActivityKind, District, GuidanceActivity, School
from schools.selectors import activities as selectors
from schools.services.activities import record_guidance_activity
from schools.services.semesters import current_semester


class GuidanceActivityOutput(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name")
    semester_label = serializers.CharField(source="semester.__str__")

    class Meta:
        model = GuidanceActivity
        fields = [
            "id", "school", "school_name", "semester", "semester_label", "kind", "title",
            "held_on", "audience", "invited", "attendance", "notes", "created_at",
        ]  # fmt: skip


class GuidanceActivityInput(serializers.Serializer):
    school = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField(
        validators=DATE_RANGE,
        help_text="Not in the future; the semester follows from it.",
    )
    audience = serializers.CharField(max_length=200)
    invited = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    attendance = serializers.IntegerField(min_value=0, help_text="At most `invited` when given.")
    notes = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class GuidanceActivityListView(ListAPIView):
    serializer_class = GuidanceActivityOutput
    filterset_fields = ["school", "semester", "kind", "district"]

    def get_queryset(self):
        return access.visible(self.request.user, GuidanceActivity).select_related(
            "school", "semester"
        )

    @extend_schema(
        request=GuidanceActivityInput,
        responses={201: GuidanceActivityOutput},
        summary="Record a guidance activity (school leaders and officers)",
    )
    def post(self, request):
        data = GuidanceActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = access.get_visible_or_404(request.user, School, pk=values.pop("school"))
        activity = record_guidance_activity(school=school, recorded_by=request.user, **values)
        return Response(GuidanceActivityOutput(activity).data, status=status.HTTP_201_CREATED)


class GuidanceActivityDetailView(RetrieveAPIView):
    serializer_class = GuidanceActivityOutput

    def get_queryset(self):
        return access.visible(self.request.user, GuidanceActivity).select_related(
            "school", "semester"
        )


class GuidanceProgressOutput(serializers.Serializer):
    school = serializers.IntegerField(source="school.pk")
    school_name = serializers.CharField(source="school.name")
    count = serializers.IntegerField()
    target = serializers.DecimalField(max_digits=8, decimal_places=1)
    met = serializers.BooleanField()


class DistrictProgressView(APIView):
    @extend_schema(
        responses=GuidanceProgressOutput(many=True),
        parameters=[
            OpenApiParameter("sort", str, enum=list(selectors.SORTS), description="Row order")
        ],
        summary="Each school of a district: activities this semester against the target",
    )
    def get(self, request, district_id: int):
        district = access.get_visible_or_404(request.user, District, pk=district_id)
        rows = selectors.district_progress(
            request.user, district, current_semester(), request.query_params.get("sort", "behind")
        )
        return Response(GuidanceProgressOutput(rows, many=True).data)


urlpatterns = [
    path("guidance-activities/", GuidanceActivityListView.as_view(), name="guidance-activity-list"),
    path(
        "guidance-activities/<int:pk>/",
        GuidanceActivityDetailView.as_view(),
        name="guidance-activity-detail",
    ),
    path(
        "districts/<int:district_id>/guidance-progress/",
        DistrictProgressView.as_view(),
        name="guidance-progress",
    ),
]

"""API for partners: organisations, volunteers with their hours this year,
service hours (logged and verified through the service), lecturer groups
and lecturers. Phones are in full only on rows the person may change."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from community.models import Lecturer, LecturerGroup, Organisation, Volunteer, VolunteerHours
from community.selectors import partners as selectors
from community.services import partners as services
from portal import access
from portal.input_limits import DATE_RANGE
from schools.models import District


class PhonesMixin:
    """Marks the page's rows changeable or not with one query."""

    phone_field = "phone"

    def get_serializer(self, *args, **kwargs):
        if args:
            rows = args[0]
            many = kwargs.get("many", False)
            listed = selectors.with_phones(
                self.request.user,
                rows if many else [rows],
                field=self.phone_field,
                model=self.get_queryset().model,
            )
            args = (listed if many else listed[0], *args[1:])
        return super().get_serializer(*args, **kwargs)


class OrganisationOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", default=None)
    contact_phone = serializers.CharField(source="shown_phone")

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "district", "services", "contact_name", "contact_phone"]


class VolunteerOutput(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    phone = serializers.CharField(source="shown_phone")
    districts = serializers.SerializerMethodField()
    hours_this_year = serializers.DecimalField(max_digits=8, decimal_places=1)
    verified_this_year = serializers.DecimalField(max_digits=8, decimal_places=1)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "phone",
            "organisation",
            "skills",
            "districts",
            "is_active",
            "joined_on",
            "hours_this_year",
            "verified_this_year",
        ]

    def get_districts(self, obj) -> list[str]:
        return [district.name for district in obj.districts.all()]


class VolunteerHoursOutput(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name")
    district = serializers.CharField(source="district.name")
    verified = serializers.SerializerMethodField()

    class Meta:
        model = VolunteerHours
        fields = [
            "id",
            "volunteer",
            "volunteer_name",
            "served_on",
            "hours",
            "activity",
            "district",
            "verified",
            "verified_at",
        ]

    def get_verified(self, obj) -> bool:
        return obj.verified_at is not None


class VolunteerHoursInput(serializers.Serializer):
    volunteer = serializers.IntegerField()
    served_on = serializers.DateField(validators=DATE_RANGE)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    activity = serializers.CharField(max_length=200)
    district = serializers.IntegerField()


class LecturerOutput(serializers.ModelSerializer):
    group = serializers.CharField(source="group.name")

    class Meta:
        model = Lecturer
        fields = ["id", "name", "title", "expertise", "bio", "group"]


class LecturerGroupOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", default=None)
    lecturers = serializers.SerializerMethodField()

    class Meta:
        model = LecturerGroup
        fields = ["id", "name", "district", "description", "lecturers"]

    def get_lecturers(self, obj) -> list[dict]:
        return [
            {"id": lec.pk, "name": lec.name, "title": lec.title, "expertise": lec.expertise}
            for lec in obj.active_lecturers
        ]


@extend_schema_view(
    get=extend_schema(
        summary="Partner organisations in reach",
        parameters=[OpenApiParameter("q", str), OpenApiParameter("district", int)],
    )
)
class OrganisationListView(PhonesMixin, ListAPIView):
    serializer_class = OrganisationOutput
    phone_field = "contact_phone"

    def get_queryset(self):
        params = self.request.query_params
        district = params.get("district")
        return selectors.organisations_for(
            self.request.user,
            search=params.get("q", ""),
            district_id=int(district) if district and district.isdigit() else None,
        )


@extend_schema_view(get=extend_schema(summary="One partner organisation"))
class OrganisationDetailView(PhonesMixin, RetrieveAPIView):
    serializer_class = OrganisationOutput
    phone_field = "contact_phone"

    def get_queryset(self):
        return access.visible(self.request.user, Organisation).select_related("district")


@extend_schema_view(
    get=extend_schema(
        summary="Volunteers in reach, with their service hours this year",
        parameters=[OpenApiParameter("q", str, description="Name or skill")],
    )
)
class VolunteerListView(PhonesMixin, ListAPIView):
    serializer_class = VolunteerOutput

    def get_queryset(self):
        return selectors.volunteers_for(
            self.request.user, search=self.request.query_params.get("q", "")
        )


@extend_schema_view(get=extend_schema(summary="One volunteer, with hours this year"))
class VolunteerDetailView(PhonesMixin, RetrieveAPIView):
    serializer_class = VolunteerOutput

    def get_queryset(self):
        return selectors.volunteers_for(self.request.user)


class VolunteerHoursListView(ListAPIView):
    serializer_class = VolunteerHoursOutput
    filterset_fields = ["volunteer", "district"]

    def get_queryset(self):
        return (
            access.visible(self.request.user, VolunteerHours)
            .select_related("volunteer", "district")
            .order_by("-served_on", "-pk")
        )

    @extend_schema(summary="Service hours in reach (one's own for a volunteer)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=VolunteerHoursInput,
        responses={201: VolunteerHoursOutput},
        summary="Log a volunteer's service hours (officers)",
        description="More than 0 and at most 24 hours, not in the future, at most 24 a day "
        "for one volunteer. A volunteer or district out of reach is a 404.",
    )
    def post(self, request):
        data = VolunteerHoursInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        volunteer = access.get_visible_or_404(request.user, Volunteer, pk=values["volunteer"])
        district = access.get_visible_or_404(request.user, District, pk=values["district"])
        entry = services.log_volunteer_hours(
            by=request.user,
            volunteer=volunteer,
            served_on=values["served_on"],
            hours=values["hours"],
            activity=values["activity"],
            district=district,
        )
        return Response(VolunteerHoursOutput(entry).data, status=status.HTTP_201_CREATED)


class VolunteerHoursVerifyView(APIView):
    @extend_schema(request=None, responses=VolunteerHoursOutput, summary="Verify logged hours")
    def post(self, request, pk: int):
        entry = access.get_visible_or_404(request.user, VolunteerHours, access.CHANGE, pk=pk)
        entry = services.verify_volunteer_hours(by=request.user, entry=entry)
        return Response(VolunteerHoursOutput(entry).data)


@extend_schema_view(get=extend_schema(summary="Lecturer groups with their active lecturers"))
class LecturerGroupListView(ListAPIView):
    serializer_class = LecturerGroupOutput

    def get_queryset(self):
        return selectors.lecturer_groups_for(self.request.user)


@extend_schema_view(get=extend_schema(summary="Active lecturers, for naming a speaker"))
class LecturerListView(ListAPIView):
    serializer_class = LecturerOutput

    def get_queryset(self):
        return selectors.lecturers_for_choice(self.request.user)


urlpatterns = [
    path("organisations/", OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", OrganisationDetailView.as_view(), name="organisation-detail"),
    path("volunteers/", VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/<int:pk>/", VolunteerDetailView.as_view(), name="volunteer-detail"),
    path("volunteer-hours/", VolunteerHoursListView.as_view(), name="volunteer-hours-list"),
    path(
        "volunteer-hours/<int:pk>/verify/",
        VolunteerHoursVerifyView.as_view(),
        name="volunteer-hours-verify",
    ),
    path("lecturer-groups/", LecturerGroupListView.as_view(), name="lecturer-group-list"),
    path("lecturers/", LecturerListView.as_view(), name="lecturer-list"),
]

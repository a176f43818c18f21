"""API for rule-of-law vice principals: the scoped report of schools and
vice principals against the targets, sessions listed and recorded through
the service."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from portal import access
from portal.input_limits import DATE_RANGE
from schools.models import LawAppointment, LawSession
from schools.selectors import law as selectors
from schools.services.law import record_law_session


class LawAppointmentOutput(serializers.ModelSerializer):
    vice_principal_name = serializers.CharField(source="vice_principal.name")
    school_name = serializers.CharField(source="school.name")

    class Meta:
        model = LawAppointment
        fields = ["id", "vice_principal", "vice_principal_name", "school", "school_name",
                  "starts_on", "ends_on"]  # fmt: skip


class SchoolLawOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    district = serializers.IntegerField(source="district_id")
    has_vice_principal = serializers.BooleanField()
    hours = serializers.DecimalField(
        max_digits=8, decimal_places=1, help_text="Class hours this calendar year."
    )
    active_appointments = LawAppointmentOutput(many=True)


class LawVicePrincipalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation_kind = serializers.CharField()
    organisation_name = serializers.CharField()
    district = serializers.IntegerField(source="district_id")
    hours = serializers.DecimalField(
        max_digits=8, decimal_places=1, help_text="Class hours this calendar year."
    )


class LawSessionOutput(serializers.ModelSerializer):
    class Meta:
        model = LawSession
        fields = ["id", "appointment", "school", "held_on", "class_hours", "topic", "audience"]


class LawSessionInput(serializers.Serializer):
    appointment = serializers.IntegerField()
    held_on = serializers.DateField(
        validators=DATE_RANGE,
        help_text="Not in the future, during the appointment.",
    )
    class_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, help_text="More than 0, at most 8."
    )
    topic = serializers.CharField(max_length=200)
    audience = serializers.CharField(max_length=200)


class SchoolLawReportView(ListAPIView):
    """Schools in scope, those without an active vice principal first."""

    serializer_class = SchoolLawOutput
    filterset_fields = ["district"]

    def get_queryset(self):
        today = timezone.localdate()
        return selectors.schools_report(self.request.user, year=today.year, today=today)


class VicePrincipalListView(ListAPIView):
    serializer_class = LawVicePrincipalOutput
    filterset_fields = ["district", "organisation_kind"]

    def get_queryset(self):
        today = timezone.localdate()
        return selectors.vice_principals_report(self.request.user, year=today.year, today=today)


class SessionListView(ListAPIView):
    serializer_class = LawSessionOutput
    filterset_fields = ["school", "appointment"]

    def get_queryset(self):
        return access.visible(self.request.user, LawSession)

    @extend_schema(
        request=LawSessionInput,
        responses={201: LawSessionOutput},
        summary="Record a session (school leaders, officers, or the vice principal themself)",
    )
    def post(self, request):
        data = LawSessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        appointment = (
            selectors.appointments_for_recording(request.user)
            .filter(pk=values.pop("appointment"))
            .first()
        )
        if appointment is None:
            raise PermissionDenied
        session = record_law_session(appointment=appointment, by=request.user, **values)
        return Response(LawSessionOutput(session).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("law/schools/", SchoolLawReportView.as_view(), name="law-school-report"),
    path("law/vice-principals/", VicePrincipalListView.as_view(), name="law-vice-principal-list"),
    path("law/sessions/", SessionListView.as_view(), name="law-session-list"),
]

"""API for the mental-health ladder. The school's counsellors, its leader
and the district handle alerts; the case team reads the alerts of its
case; whoever raised one sees only its status (child, level, status,
when), never the case or the steps. Reads are audited and start from the
access layer, so an alert outside the person's reach is a 404."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.input_limits import TEXT_MAX_LENGTH
from programs.models import Alert, AlertLevel, AlertSource, AlertStatus
from programs.selectors import alerts as selectors
from programs.services import alerts as services
from programs.services import cases as case_rules
from schools.models import Student

from .cases import CareChildOutput, CarePersonOutput, audit_rows, refuse, run_service

# Home visits and counselling raise their alerts themselves, once per record.
RAISED_HERE = (AlertSource.SCREENING, AlertSource.OTHER)
QUEUE_STATUSES = ("active", "all", *AlertStatus.values)

# --- Serializers ----------------------------------------------------------


class RaiseAlertInput(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[(value, AlertSource(value).label) for value in RAISED_HERE]
    )
    student = serializers.IntegerField(help_text="A child I work with.")
    level = serializers.ChoiceField(choices=AlertLevel.choices)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, help_text="What was seen or found.")


class AlertStatusOutput(serializers.Serializer):
    """What the person who raised an alert sees of it."""

    id = serializers.IntegerField()
    student = CareChildOutput()
    level = serializers.ChoiceField(choices=AlertLevel.choices)
    status = serializers.ChoiceField(choices=AlertStatus.choices)
    raised_at = serializers.DateTimeField()


class AlertOutput(AlertStatusOutput):
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.name")
    source = serializers.ChoiceField(choices=AlertSource.choices)
    raised_by = CarePersonOutput()
    case = serializers.IntegerField(source="case_id", allow_null=True)


class AlertStepOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    by = CarePersonOutput()
    action = serializers.CharField()
    label = serializers.CharField()
    level = serializers.ChoiceField(choices=AlertLevel.choices)
    note = serializers.CharField()


class AlertDetailOutput(AlertOutput):
    steps = AlertStepOutput(source="steps_shown", many=True)


ALERT_READ = PolymorphicProxySerializer(
    component_name="AlertRead",
    serializers=[AlertDetailOutput, AlertStatusOutput],
    resource_type_field_name=None,
)


class ReceiveAlertInput(serializers.Serializer):
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True, default="")


class AlertLevelInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=AlertLevel.choices)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, help_text="Why the level changes.")


class CloseAlertInput(serializers.Serializer):
    note = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, help_text="How the alert was resolved."
    )


# --- Views ----------------------------------------------------------------


def alert_detail(request, pk: int) -> dict:
    """Handlers and the case team see the steps and the case; whoever only
    raised the alert sees its status."""
    alert = selectors.alert_for(request.user, pk, request=request)
    user = request.user
    if services.may_handle(user, alert) or (
        alert.case is not None and case_rules.may_work_on(user, alert.case)
    ):
        alert.steps_shown = selectors.steps_of(alert)
        return AlertDetailOutput(alert).data
    return AlertStatusOutput(alert).data


class AlertQueueView(GenericAPIView):
    queryset = Alert.objects.none()
    serializer_class = AlertOutput

    def get_queryset(self):
        status_value = self.request.query_params.get("status", "active")
        return selectors.alert_queue(self.request.user, status=status_value)

    @extend_schema(
        summary="The alerts I handle (the school's counsellors and leader, the district)",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=QUEUE_STATUSES,
                description="Default: active (not closed).",
            )
        ],
        responses=AlertOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        audit_rows(request, page)
        return self.get_paginated_response(AlertOutput(page, many=True).data)

    @extend_schema(
        summary="Raise an alert from a screening or another report",
        description="Concerns from home visits and counselling raise their own alerts.",
        request=RaiseAlertInput,
        responses={201: ALERT_READ, 400: None},
    )
    def post(self, request):
        data = RaiseAlertInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        student = (
            access.visible(request.user, Student)
            .filter(is_active=True, pk=values.pop("student"))
            .first()
        )
        if student is None:
            refuse("student", _("You can raise alerts only for children you work with."))
        alert = run_service(
            lambda: services.raise_alert(student=student, raised_by=request.user, **values)
        )
        return Response(alert_detail(request, alert.pk), status=status.HTTP_201_CREATED)


class MyAlertsView(GenericAPIView):
    queryset = Alert.objects.none()
    serializer_class = AlertStatusOutput

    def get_queryset(self):
        return selectors.my_alerts(self.request.user)

    @extend_schema(
        summary="The concerns I raised: their status only",
        responses=AlertStatusOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        audit_rows(request, page)
        return self.get_paginated_response(AlertStatusOutput(page, many=True).data)


class AlertDetailView(APIView):
    @extend_schema(
        summary="One alert (audited); whoever only raised it sees its status",
        responses={200: ALERT_READ, 404: None},
    )
    def get(self, request, pk: int):
        return Response(alert_detail(request, pk))


class AlertActionView(APIView):
    input_class: type[serializers.Serializer] | None = None

    def act(self, request, alert: Alert, values: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        # Only those who handle alerts act on them; the reporter and the
        # case team read them but get a 404 here, as on the pages.
        alert = access.get_visible_or_404(request.user, Alert, access.CHANGE, pk=pk)
        values = {}
        if self.input_class is not None:
            data = self.input_class(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        run_service(lambda: self.act(request, alert, values))
        return Response(alert_detail(request, pk))


def handling(summary: str, input_class=None, description: str = ""):
    return extend_schema_view(
        post=extend_schema(
            summary=summary,
            description=description,
            request=input_class,
            responses={200: AlertDetailOutput, 400: None, 404: None},
        )
    )


@handling("Receive an alert; whoever raised it is told", ReceiveAlertInput)
class ReceiveView(AlertActionView):
    input_class = ReceiveAlertInput

    def act(self, request, alert, values):
        services.acknowledge_alert(alert=alert, by=request.user, note=values["note"])


@handling(
    "Move an alert up or down the ladder",
    AlertLevelInput,
    "Crisis tells the school's designated people and the district at once and opens or "
    "escalates the child's plan.",
)
class LevelView(AlertActionView):
    input_class = AlertLevelInput

    def act(self, request, alert, values):
        services.change_level(alert=alert, by=request.user, **values)


@handling("Link the alert to the child's open plan, or open a draft plan")
class PlanView(AlertActionView):
    def act(self, request, alert, values):
        services.open_plan_for_alert(alert=alert, by=request.user)


@handling("Close an alert", CloseAlertInput, "A crisis alert is closed once the child has a plan.")
class CloseView(AlertActionView):
    input_class = CloseAlertInput

    def act(self, request, alert, values):
        services.close_alert(alert=alert, by=request.user, note=values["note"])


urlpatterns = [
    path("alerts/", AlertQueueView.as_view(), name="alert-list"),
    path("alerts/mine/", MyAlertsView.as_view(), name="my-alerts"),
    path("alerts/<int:pk>/", AlertDetailView.as_view(), name="alert-detail"),
    path("alerts/<int:pk>/receive/", ReceiveView.as_view(), name="alert-receive"),
    path("alerts/<int:pk>/level/", LevelView.as_view(), name="alert-level"),
    path("alerts/<int:pk>/plan/", PlanView.as_view(), name="alert-plan"),
    path("alerts/<int:pk>/close/", CloseView.as_view(), name="alert-close"),
]

"""API for the counselling station and hotline. Requests and calls are
written through the counselling services; reads start from the access layer,
so a request outside the person's station is a 404."""

import datetime

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from families.models import (
    Channel,
    CounsellingRequest,
    CounsellingTopic,
    FamilyLink,
    ForWhom,
    HotlineCall,
    RequestStatus,
)
from families.selectors import counselling as selectors
from families.services import counselling as services
from families.services.errors import FamiliesError
from portal.input_limits import DATETIME_RANGE, TEXT_MAX_LENGTH
from portal.models import User

ACTIONS = {
    "start": RequestStatus.IN_PROGRESS,
    "close": RequestStatus.CLOSED,
    "reopen": RequestStatus.NEW,
}

# --- Serializers ----------------------------------------------------------


class CounsellingRequestInput(serializers.Serializer):
    topic = serializers.ChoiceField(choices=CounsellingTopic.choices)
    for_whom = serializers.ChoiceField(choices=ForWhom.choices)
    student = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="One of my bound children."
    )
    preferred_channel = serializers.ChoiceField(choices=Channel.choices)
    preferred_time = serializers.CharField(max_length=100, allow_blank=True, default="")
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class CounsellingRequestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    station = serializers.IntegerField(source="station_id")
    station_name = serializers.CharField(source="station.name")
    topic = serializers.ChoiceField(choices=CounsellingTopic.choices)
    for_whom = serializers.ChoiceField(choices=ForWhom.choices)
    student = serializers.IntegerField(source="student_id", allow_null=True)
    preferred_channel = serializers.ChoiceField(choices=Channel.choices)
    preferred_time = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    counsellor = PersonOutput(allow_null=True)
    outcome = serializers.CharField()
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


class QueueItemOutput(CounsellingRequestOutput):
    requester = PersonOutput()


class AssignInput(serializers.Serializer):
    counsellor = serializers.IntegerField(help_text="A user who is a member of the station.")


class MoveInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(ACTIONS))
    outcome = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, allow_blank=True, default="", help_text="Needed to close."
    )


class HotlineCallInput(serializers.Serializer):
    station = serializers.IntegerField(help_text="A station the person counsels at.")
    started_at = serializers.DateTimeField(validators=DATETIME_RANGE)
    ended_at = serializers.DateTimeField(validators=DATETIME_RANGE)
    topic = serializers.ChoiceField(choices=CounsellingTopic.choices)
    caller = serializers.ChoiceField(
        choices=ForWhom.choices, help_text='"child", "self" (a parent) or "grandparent".'
    )
    anonymous = serializers.BooleanField(default=True)
    caller_name = serializers.CharField(max_length=50, allow_blank=True, default="")
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class HotlineCallOutput(serializers.Serializer):
    id = serializers.IntegerField()
    station = serializers.IntegerField(source="station_id")
    counsellor = PersonOutput()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()
    topic = serializers.ChoiceField(choices=CounsellingTopic.choices)
    caller = serializers.ChoiceField(choices=ForWhom.choices)
    anonymous = serializers.BooleanField()
    caller_name = serializers.CharField()
    summary = serializers.CharField()


class MonthHoursOutput(serializers.Serializer):
    month = serializers.IntegerField()
    calls = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)


class HotlineHoursOutput(serializers.Serializer):
    station = serializers.IntegerField()
    year = serializers.IntegerField()
    calls = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    target = serializers.DecimalField(max_digits=10, decimal_places=2)
    months = MonthHoursOutput(many=True)


# --- Views ----------------------------------------------------------------


def _run(save):
    try:
        return save()
    except FamiliesError as error:
        raise exceptions.ValidationError({error.field or "detail": [str(error.message)]}) from error


def _station_param(request):
    value = request.query_params.get("station")
    if value is not None and not value.isdigit():
        raise exceptions.NotFound()
    return selectors.station_of_or_404(request.user, int(value) if value else None)


STATION_PARAM = OpenApiParameter(
    "station", OpenApiTypes.INT, description="A station I work at; default my first."
)


class MyRequestsView(GenericAPIView):
    serializer_class = CounsellingRequestOutput

    def get_queryset(self):
        return selectors.my_requests(self.request.user)

    @extend_schema(summary="My counselling requests", responses=CounsellingRequestOutput(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CounsellingRequestOutput(page, many=True).data)

    @extend_schema(
        summary="Ask the counselling station for help",
        description="Routed to the station of the child's district, else the city station.",
        request=CounsellingRequestInput,
        responses={201: CounsellingRequestOutput, 400: None},
    )
    def post(self, request):
        data = CounsellingRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        student = None
        if values["student"] is not None:
            link = (
                FamilyLink.objects.filter(user=request.user, student_id=values["student"])
                .select_related("student")
                .first()
            )
            if link is None:
                raise exceptions.ValidationError({"student": ["Choose one of your own children."]})
            student = link.student
        item = _run(
            lambda: services.request_counselling(
                requester=request.user, **{**values, "student": student}
            )
        )
        return Response(CounsellingRequestOutput(item).data, status=status.HTTP_201_CREATED)


class QueueView(GenericAPIView):
    queryset = CounsellingRequest.objects.none()
    serializer_class = QueueItemOutput

    def get_queryset(self):
        status_value = self.request.query_params.get("status", "")
        if status_value not in RequestStatus.values:
            status_value = ""
        station = _station_param(self.request)
        return selectors.station_queue(self.request.user, station, status_value)

    @extend_schema(
        summary="The station's queue (its lead and counsellors only)",
        parameters=[
            STATION_PARAM,
            OpenApiParameter("status", OpenApiTypes.STR, enum=RequestStatus.values),
        ],
        responses={200: QueueItemOutput(many=True), 404: None},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(QueueItemOutput(page, many=True).data)


class RequestDetailView(APIView):
    @extend_schema(
        summary="One counselling request (the requester, the station's lead and counsellors)",
        responses={200: CounsellingRequestOutput, 404: None},
    )
    def get(self, request, pk: int):
        return Response(CounsellingRequestOutput(selectors.request_for(request.user, pk)).data)


class AssignView(APIView):
    @extend_schema(
        summary="Assign a counsellor (the station's lead)",
        request=AssignInput,
        responses={200: CounsellingRequestOutput, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        item = selectors.request_for(request.user, pk)
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        counsellor = User.objects.filter(pk=data.validated_data["counsellor"]).first()
        if counsellor is None:
            raise exceptions.ValidationError({"counsellor": ["Unknown user."]})
        item = _run(
            lambda: services.assign_counsellor(request=item, counsellor=counsellor, by=request.user)
        )
        return Response(CounsellingRequestOutput(selectors.request_for(request.user, pk)).data)


class MoveView(APIView):
    @extend_schema(
        summary="Start, close (with outcome) or reopen a request",
        description="new → assigned → in_progress → closed; only the lead reopens.",
        request=MoveInput,
        responses={200: CounsellingRequestOutput, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        item = selectors.request_for(request.user, pk)
        data = MoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        _run(
            lambda: services.move_request(
                request=item,
                to=ACTIONS[data.validated_data["action"]],
                by=request.user,
                outcome=data.validated_data["outcome"],
            )
        )
        return Response(CounsellingRequestOutput(selectors.request_for(request.user, pk)).data)


class HotlineCallListCreateView(GenericAPIView):
    queryset = HotlineCall.objects.none()
    serializer_class = HotlineCallOutput

    def get_queryset(self):
        return selectors.calls_of(self.request.user, _station_param(self.request))

    @extend_schema(
        summary="The station's hotline calls, latest first",
        parameters=[STATION_PARAM],
        responses={200: HotlineCallOutput(many=True), 404: None},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(HotlineCallOutput(page, many=True).data)

    @extend_schema(
        summary="Log a hotline call",
        description="End after start, not in the future, at most 4 hours; anonymous: no name.",
        request=HotlineCallInput,
        responses={201: HotlineCallOutput, 400: None, 404: None},
    )
    def post(self, request):
        data = HotlineCallInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        station = selectors.station_of_or_404(request.user, values.pop("station"))
        call = _run(
            lambda: services.log_hotline_call(station=station, counsellor=request.user, **values)
        )
        return Response(HotlineCallOutput(call).data, status=status.HTTP_201_CREATED)


class HotlineHoursView(APIView):
    @extend_schema(
        summary="Hotline calls and hours per month of a year",
        parameters=[STATION_PARAM, OpenApiParameter("year", OpenApiTypes.INT)],
        responses={200: HotlineHoursOutput, 404: None},
    )
    def get(self, request):
        station = _station_param(request)
        year_value = request.query_params.get("year", "")
        year = int(year_value) if year_value.isdigit() else timezone.localdate().year
        if not datetime.MINYEAR < year < datetime.MAXYEAR:
            raise exceptions.ValidationError({"year": ["No such year."]})
        summary = selectors.hotline_hours(request.user, station, year)
        return Response(
            HotlineHoursOutput(
                {
                    "station": station.pk,
                    "year": year,
                    "calls": summary.calls,
                    "hours": summary.hours,
                    "target": summary.target,
                    "months": summary.months,
                }
            ).data
        )


urlpatterns = [
    path("families/counselling/", MyRequestsView.as_view(), name="counselling-request-list"),
    path("families/counselling/queue/", QueueView.as_view(), name="counselling-queue"),
    path(
        "families/counselling/<int:pk>/",
        RequestDetailView.as_view(),
        name="counselling-request-detail",
    ),
    path("families/counselling/<int:pk>/assign/", AssignView.as_view(), name="counselling-assign"),
    path("families/counselling/<int:pk>/move/", MoveView.as_view(), name="counselling-move"),
    path("families/hotline/", HotlineCallListCreateView.as_view(), name="hotline-call-list"),
    path("families/hotline/hours/", HotlineHoursView.as_view(), name="hotline-hours"),
]

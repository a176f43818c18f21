"""API of lectures and sign-up: lectures are public to read; a family signs
up (a seat or the waiting list), cancels, leaves the waiting list, lists its
registrations and downloads an .ics file. Every write goes through
families.services.lectures; a registration that is not the family's own is
a 404."""

from django.http import HttpResponse
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from families.models import (
    MAX_SEATS_PER_FAMILY,
    ParentSchoolLevel,
    Registration,
    RegistrationStatus,
)
from families.selectors import lectures as selectors
from families.services import lectures as services


class LectureOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    parent_school = serializers.IntegerField(source="parent_school_id")
    parent_school_name = serializers.CharField(source="parent_school.name")
    parent_school_level = serializers.ChoiceField(
        source="parent_school.level", choices=ParentSchoolLevel.choices
    )
    course = serializers.IntegerField(source="course_id", allow_null=True)
    speaker = serializers.CharField(source="speaker.name", allow_null=True, default=None)
    audience_grades = serializers.ListField(child=serializers.IntegerField())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField()
    online = serializers.SerializerMethodField()
    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    signup_opens_at = serializers.DateTimeField()
    signup_closes_at = serializers.DateTimeField()
    replay_url = serializers.SerializerMethodField()

    def get_online(self, lecture) -> bool:
        return bool(lecture.online_url)

    def get_replay_url(self, lecture) -> str | None:
        """The replay's address once there is one."""
        return lecture.replay_url or None


class LectureListView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = LectureOutput

    def get_queryset(self):
        params = self.request.query_params
        school = params.get("parent_school", "")
        return selectors.lectures_for(
            self.request.user,
            parent_school_id=int(school) if school.isdigit() else None,
            level=params.get("level", ""),
            online={"true": True, "false": False}.get(params.get("online", "")),
            past=params.get("past") == "true",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("parent_school", int),
            OpenApiParameter("level", str, enum=ParentSchoolLevel.values),
            OpenApiParameter("online", bool, description="true: online; false: in person"),
            OpenApiParameter("past", bool, description="true: past lectures, latest first"),
        ],
        summary="Lectures for parents (public): upcoming first",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class LectureDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=LectureOutput, summary="One lecture (public)")
    def get(self, request, pk: int):
        return Response(LectureOutput(selectors.get_lecture_for(request.user, pk)).data)


class RegistrationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    lecture = serializers.IntegerField(source="lecture_id")
    lecture_title = serializers.CharField(source="lecture.title")
    starts_at = serializers.DateTimeField(source="lecture.starts_at")
    seats = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    waiting_position = serializers.SerializerMethodField()
    check_in_code = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    promoted_at = serializers.DateTimeField(allow_null=True)

    def get_waiting_position(self, registration) -> int | None:
        if registration.status != RegistrationStatus.WAITING:
            return None
        return getattr(registration, "waiting_position", None)

    def get_check_in_code(self, registration) -> str | None:
        return (
            registration.check_in_code
            if registration.status == RegistrationStatus.CONFIRMED
            else None
        )

    def get_ics_url(self, registration) -> str:
        return reverse("api:registration-ics", args=[registration.pk])


class RegisterInput(serializers.Serializer):
    seats = serializers.IntegerField(min_value=1, max_value=MAX_SEATS_PER_FAMILY, default=1)


class RegisterView(APIView):
    @extend_schema(
        request=RegisterInput,
        responses={201: RegistrationOutput},
        summary="Sign the family up: a confirmed seat, or the waiting list when full",
        description="Closed window, a second registration or seats out of 1–3 are a 400.",
    )
    def post(self, request, pk: int):
        lecture = selectors.get_lecture_for(request.user, pk)
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.register_for_lecture(
            lecture=lecture, user=request.user, seats=data.validated_data["seats"]
        )
        registration = selectors.get_registration_for(request.user, registration.pk)
        return Response(RegistrationOutput(registration).data, status=status.HTTP_201_CREATED)


class MyRegistrationsView(ListAPIView):
    serializer_class = RegistrationOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return selectors.registrations_of(self.request.user)

    @extend_schema(summary="The family's registrations, with waiting-list positions")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RegistrationActionView(APIView):
    service = None

    def post(self, request, pk: int):
        registration = selectors.get_registration_for(request.user, pk)
        type(self).service(registration=registration, by=request.user)
        registration = selectors.get_registration_for(request.user, pk)
        return Response(RegistrationOutput(registration).data)


class CancelView(RegistrationActionView):
    service = services.cancel_registration

    @extend_schema(
        request=None,
        responses=RegistrationOutput,
        summary="Cancel (seats go to the waiting list) or leave the waiting list",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)


class LeaveWaitingListView(RegistrationActionView):
    service = services.leave_waiting_list

    @extend_schema(request=None, responses=RegistrationOutput, summary="Leave the waiting list")
    def post(self, request, pk: int):
        return super().post(request, pk)


class CalendarView(APIView):
    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY)},
        summary="The registration as an .ics calendar file",
    )
    def get(self, request, pk: int):
        registration = selectors.get_registration_for(request.user, pk)
        url = request.build_absolute_uri(
            reverse("families:lecture-detail", args=[registration.lecture_id])
        )
        response = HttpResponse(
            services.registration_ics(registration=registration, url=url),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="lecture-{registration.lecture_id}.ics"'
        )
        return response


urlpatterns = [
    path("lectures/", LectureListView.as_view(), name="lecture-list"),
    path("lectures/<int:pk>/", LectureDetailView.as_view(), name="lecture-detail"),
    path("lectures/<int:pk>/register/", RegisterView.as_view(), name="lecture-register"),
    path("registrations/", MyRegistrationsView.as_view(), name="registration-list"),
    path("registrations/<int:pk>/cancel/", CancelView.as_view(), name="registration-cancel"),
    path(
        "registrations/<int:pk>/leave/",
        LeaveWaitingListView.as_view(),
        name="registration-leave",
    ),
    path("registrations/<int:pk>/ics/", CalendarView.as_view(), name="registration-ics"),
]

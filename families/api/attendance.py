"""API for attendance and completion: staff check families in by code or
roll call (the lecture must be one they may change, else 404); a family
lists its completions; anyone verifies a certificate by its number."""

from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from families.models import Completion
from families.selectors import attendance as selectors
from families.services import attendance as services
from families.services.errors import FamiliesError
from portal.input_limits import LIST_MAX_ITEMS

# --- Serializers ----------------------------------------------------------


class CheckInInput(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The code on the family's ticket.")


class CheckInOutput(serializers.Serializer):
    registration = serializers.IntegerField(source="registration.pk")
    family = serializers.CharField(source="registration.user.display_name")
    seats = serializers.IntegerField(source="registration.seats")
    checked_in_at = serializers.DateTimeField(source="registration.checked_in_at")
    already_checked_in = serializers.BooleanField(
        source="already", help_text="True when this code had been checked in before."
    )


class RollCallInput(serializers.Serializer):
    registrations = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=False,
        max_length=LIST_MAX_ITEMS,
        help_text="Ids of the lecture's confirmed registrations that are present.",
    )


class RollCallOutput(serializers.Serializer):
    checked_in = serializers.IntegerField(help_text="How many were newly checked in.")


class CompletionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    certificate_number = serializers.CharField()
    course = serializers.IntegerField(source="course_id")
    course_title = serializers.CharField(source="course.title")
    parent_school_name = serializers.CharField(source="course.parent_school.name")
    completed_at = serializers.DateTimeField()
    certificate_url = serializers.SerializerMethodField()

    def get_certificate_url(self, completion) -> str:
        return reverse("families:certificate", args=[completion.pk])


class CertificateOutput(serializers.Serializer):
    certificate_number = serializers.CharField()
    name = serializers.SerializerMethodField(help_text="Masked, e.g. 王*华.")
    course_title = serializers.CharField(source="course.title")
    parent_school_name = serializers.CharField(source="course.parent_school.name")
    completed_at = serializers.DateTimeField()

    def get_name(self, completion) -> str:
        return selectors.public_name(completion.user)


# --- Views ----------------------------------------------------------------


def _run(action):
    try:
        return action()
    except FamiliesError as error:
        raise exceptions.ValidationError({error.field or "detail": [str(error.message)]}) from error


class CheckInView(APIView):
    @extend_schema(
        summary="Check a family in at a lecture by the code on their ticket",
        description=(
            "Idempotent: a code checked in before returns 200 with "
            "`already_checked_in: true` and changes nothing. A wrong code, a code of "
            "another lecture or a registration without a confirmed seat is a 400 with "
            "a message. A lecture the person may not take attendance at is a 404."
        ),
        request=CheckInInput,
        responses={200: CheckInOutput, 400: OpenApiResponse(description="Wrong code"), 404: None},
    )
    def post(self, request, pk: int):
        lecture = selectors.lecture_to_run(request.user, pk)
        data = CheckInInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = _run(
            lambda: services.check_in(
                lecture=lecture, code=data.validated_data["code"], by=request.user
            )
        )
        return Response(CheckInOutput(result).data)


class RollCallView(APIView):
    @extend_schema(
        summary="Mark families present at a lecture (roll call)",
        description=(
            "Checks in each listed confirmed registration of the lecture; ones already "
            "checked in stay as they were. An id that is not a confirmed registration "
            "of this lecture makes the whole call a 400 and saves nothing."
        ),
        request=RollCallInput,
        responses={200: RollCallOutput, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        lecture = selectors.lecture_to_run(request.user, pk)
        data = RollCallInput(data=request.data)
        data.is_valid(raise_exception=True)
        added = _run(
            lambda: services.mark_roll_call(
                lecture=lecture,
                registration_ids=data.validated_data["registrations"],
                by=request.user,
            )
        )
        return Response(RollCallOutput({"checked_in": added}).data)


class MyCompletionsView(ListAPIView):
    serializer_class = CompletionOutput
    queryset = Completion.objects.none()  # for the schema; the real rows below

    def get_queryset(self):
        return selectors.my_completions(self.request.user)

    @extend_schema(summary="My completions (结业) and their certificates")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CertificateVerifyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Verify a completion certificate by its number (public)",
        description="The holder's name is masked. An unknown number is a 404.",
        responses={200: CertificateOutput, 404: None},
    )
    def get(self, request, number: str):
        completion = selectors.certificate_by_number(number)
        if completion is None:
            raise exceptions.NotFound("No such certificate.")
        return Response(CertificateOutput(completion).data)


urlpatterns = [
    path("lectures/<int:pk>/check-in/", CheckInView.as_view(), name="lecture-check-in"),
    path("lectures/<int:pk>/roll-call/", RollCallView.as_view(), name="lecture-roll-call"),
    path("completions/mine/", MyCompletionsView.as_view(), name="my-completion-list"),
    path(
        "certificates/<str:number>/",
        CertificateVerifyView.as_view(),
        name="certificate-verify",
    ),
]

"""API for referrals (转介): the case team sends one from an active plan;
the receiver (a department's liaison, a volunteer) reads that referral —
not the case — and accepts, declines or records the service given. Reads
are audited and start from the access layer, so a referral outside the
person's reach is a 404."""

from django.db.models import Exists, OuterRef, Q
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.input_limits import TEXT_MAX_LENGTH
from programs.models import Case, Referral, ReferralStatus
from programs.selectors import referrals as selectors
from programs.services import referrals as services

from .cases import CareChildOutput, CarePersonOutput, audit_rows, refuse, run_service

BOXES = ("to_me", "of_my_cases")
RECEIVER_KINDS = ("department", "organisation", "volunteer")

# --- Serializers ----------------------------------------------------------


class ReferralInput(serializers.Serializer):
    to_department = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="City-wide or of the case's district.",
    )
    to_organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An active one, city-wide or of the case's district.",
    )
    to_volunteer = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An active volunteer serving the case's district.",
    )
    reason = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, help_text="Why the family is referred."
    )
    asked = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, help_text="What the receiver is asked to do."
    )
    escalate_after_days = serializers.IntegerField(default=5, help_text="1 to 30.")


class ReferralReceiverOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RECEIVER_KINDS)
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReferralOutput(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(
        source="readable_case_id",
        allow_null=True,
        help_text="Only for those who may read the case; null for the receiver.",
    )
    student = CareChildOutput(source="case.student")
    school_name = serializers.CharField(source="case.student.school.name")
    receiver = ReferralReceiverOutput()
    to_me = serializers.BooleanField(help_text="Sent to me or my department.")
    reason = serializers.CharField()
    asked = serializers.CharField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    sent_by = CarePersonOutput()
    sent_at = serializers.DateTimeField()
    answered_by = CarePersonOutput(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField()
    service_given = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    escalate_after_days = serializers.IntegerField()
    escalated_at = serializers.DateTimeField(allow_null=True)


class AcceptReferralInput(serializers.Serializer):
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True, default="")


class DeclineReferralInput(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class ServiceGivenInput(serializers.Serializer):
    service_given = serializers.CharField(max_length=TEXT_MAX_LENGTH)


# --- Views ----------------------------------------------------------------


def _receiver(referral: Referral) -> dict:
    for kind in RECEIVER_KINDS:
        receiver = getattr(referral, f"to_{kind}")
        if receiver is not None:
            return {"kind": kind, "id": receiver.pk, "name": receiver.name}
    raise AssertionError("a referral has one receiver")


def _with_reach(user, referrals: list[Referral]) -> list[Referral]:
    """Mark each referral with what this person reaches of it. The case id
    goes only to those who may read the case: the receiver reads the
    referral, not the plan behind it."""
    readable = set(
        access.visible(user, Case)
        .filter(pk__in={referral.case_id for referral in referrals})
        .values_list("pk", flat=True)
    )
    to_me = set(
        selectors.referrals_to_me(user)
        .filter(pk__in=[referral.pk for referral in referrals])
        .values_list("pk", flat=True)
    )
    for referral in referrals:
        referral.readable_case_id = referral.case_id if referral.case_id in readable else None
        referral.receiver = _receiver(referral)
        referral.to_me = referral.pk in to_me
    return referrals


def referral_detail(request, pk: int) -> dict:
    referral = selectors.referral_for(request.user, pk, request=request)
    return ReferralOutput(_with_reach(request.user, [referral])[0]).data


class ReferralListView(GenericAPIView):
    queryset = Referral.objects.none()
    serializer_class = ReferralOutput

    def get_queryset(self):
        user = self.request.user
        to_me = selectors.referrals_to_me(user)
        box = self.request.query_params.get("box", "")
        if box == "to_me":
            referrals = to_me
        elif box == "of_my_cases":
            referrals = selectors.referrals_of_my_cases(user)
        else:
            referrals = Referral.objects.filter(
                Q(pk__in=to_me.values("pk"))
                | Q(pk__in=selectors.referrals_of_my_cases(user).values("pk"))
            )
        return (
            referrals.annotate(mine=Exists(to_me.filter(pk=OuterRef("pk"))))
            .select_related(
                "case__student__school",
                "to_department",
                "to_organisation",
                "to_volunteer",
                "sent_by",
                "answered_by",
            )
            .order_by("-mine", "status", "-sent_at")
        )

    @extend_schema(
        summary="Referrals sent to me or my department, then those of the cases I work on",
        parameters=[OpenApiParameter("box", OpenApiTypes.STR, enum=BOXES)],
        responses=ReferralOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        audit_rows(request, page, district=lambda referral: referral.case.district_id)
        rows = _with_reach(request.user, page)
        return self.get_paginated_response(ReferralOutput(rows, many=True).data)


class ReferralDetailView(APIView):
    @extend_schema(
        summary="One referral (the case team, those above it, the receiver; audited)",
        responses={200: ReferralOutput, 404: None},
    )
    def get(self, request, pk: int):
        return Response(referral_detail(request, pk))


class SendReferralView(APIView):
    @extend_schema(
        summary="Refer the family of an active plan to one department, organisation or volunteer",
        description="Needs the guardian's consent; one open referral per receiver.",
        request=ReferralInput,
        responses={201: ReferralOutput, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        case = access.get_visible_or_404(request.user, Case, pk=pk)
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        receivers = selectors.receivers_for(case)
        for field, choices in receivers.items():
            if values[field] is None:
                continue
            values[field] = choices.filter(pk=values[field]).first()
            if values[field] is None:
                refuse(field, _("Choose a receiver from the list."))
        referral = run_service(lambda: services.send_referral(case=case, by=request.user, **values))
        return Response(referral_detail(request, referral.pk), status=status.HTTP_201_CREATED)


class ReferralActionView(APIView):
    input_class: type[serializers.Serializer]

    def act(self, request, referral: Referral, values: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        referral = access.get_visible_or_404(request.user, Referral, pk=pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        run_service(lambda: self.act(request, referral, dict(data.validated_data)))
        return Response(referral_detail(request, pk))


def answer(summary: str, input_class):
    return extend_schema_view(
        post=extend_schema(
            summary=summary,
            request=input_class,
            responses={200: ReferralOutput, 400: None, 404: None},
        )
    )


@answer("Accept a referral (its receiver)", AcceptReferralInput)
class AcceptView(ReferralActionView):
    input_class = AcceptReferralInput

    def act(self, request, referral, values):
        services.accept_referral(referral=referral, by=request.user, note=values["note"])


@answer("Decline a referral with the reason (its receiver)", DeclineReferralInput)
class DeclineView(ReferralActionView):
    input_class = DeclineReferralInput

    def act(self, request, referral, values):
        services.decline_referral(referral=referral, by=request.user, reason=values["reason"])


@answer("Record the service given; the loop is closed (its receiver)", ServiceGivenInput)
class ServiceView(ReferralActionView):
    input_class = ServiceGivenInput

    def act(self, request, referral, values):
        services.record_service(
            referral=referral, by=request.user, service_given=values["service_given"]
        )


urlpatterns = [
    path("referrals/", ReferralListView.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", ReferralDetailView.as_view(), name="referral-detail"),
    path("cases/<int:pk>/referrals/", SendReferralView.as_view(), name="case-referrals"),
    path("referrals/<int:pk>/accept/", AcceptView.as_view(), name="referral-accept"),
    path("referrals/<int:pk>/decline/", DeclineView.as_view(), name="referral-decline"),
    path("referrals/<int:pk>/service/", ServiceView.as_view(), name="referral-service"),
]

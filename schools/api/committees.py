"""API for parent committees: scoped lists, one committee with its members
(phones masked), meetings and decisions; members and meetings added
through the services."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.input_limits import DATE_RANGE, LIST_MAX_ITEMS, LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from portal.phones import mask_phone
from schools.models import (
    CommitteeDecision,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    DecisionKind,
    Guardian,
    ParentCommittee,
)
from schools.selectors import committees as selectors
from schools.services import committees as services


class CommitteeOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__")
    school_name = serializers.CharField(source="school.name")
    members_in_term = serializers.IntegerField()
    meeting_count = serializers.IntegerField()

    class Meta:
        model = ParentCommittee
        fields = [
            "id", "name", "school", "school_name", "level", "grade", "school_class",
            "established_on", "members_in_term", "meeting_count",
        ]  # fmt: skip


class CommitteeMemberOutput(serializers.ModelSerializer):
    guardian_name = serializers.CharField(source="guardian.name")
    phone = serializers.SerializerMethodField(help_text="Masked: 138****5678.")

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "guardian",
            "guardian_name",
            "phone",
            "role",
            "term_starts_on",
            "term_ends_on",
        ]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.guardian.phone)


class CommitteeDecisionOutput(serializers.ModelSerializer):
    class Meta:
        model = CommitteeDecision
        fields = ["id", "kind", "text", "amount_yuan", "votes_for", "votes_against"]


class CommitteeMeetingOutput(serializers.ModelSerializer):
    decisions = CommitteeDecisionOutput(many=True)

    class Meta:
        model = CommitteeMeeting
        fields = ["id", "held_on", "attendees", "minutes", "decisions"]


class CommitteeDetailOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__")
    members = CommitteeMemberOutput(many=True)
    meetings = CommitteeMeetingOutput(many=True)

    class Meta:
        model = ParentCommittee
        fields = ["id", "name", "school", "level", "grade", "school_class", "established_on",
                  "members", "meetings"]  # fmt: skip


class CommitteeMemberInput(serializers.Serializer):
    guardian = serializers.IntegerField()
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    term_starts_on = serializers.DateField(validators=DATE_RANGE)
    term_ends_on = serializers.DateField(validators=DATE_RANGE, help_text="After the start.")


class CommitteeDecisionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices, default=DecisionKind.GENERAL)
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    amount_yuan = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True,
        help_text="Required for a fee decision, which also needs half the members present.",
    )  # fmt: skip
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0, default=0)


class CommitteeMeetingInput(serializers.Serializer):
    held_on = serializers.DateField(validators=DATE_RANGE)
    attendees = serializers.IntegerField(min_value=0)
    minutes = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    decisions = CommitteeDecisionInput(
        many=True, required=False, default=list, max_length=LIST_MAX_ITEMS
    )


class CommitteeListView(ListAPIView):
    serializer_class = CommitteeOutput
    filterset_fields = ["school", "level"]

    def get_queryset(self):
        return selectors.committees_for(self.request.user)


class CommitteeDetailView(APIView):
    @extend_schema(responses=CommitteeDetailOutput, summary="One committee in full")
    def get(self, request, pk: int):
        return Response(CommitteeDetailOutput(selectors.committee_detail(request.user, pk)).data)


def _manageable(request, pk: int) -> ParentCommittee:
    committee = access.get_visible_or_404(request.user, ParentCommittee, pk=pk)
    if not selectors.may_manage_committee(request.user, committee=committee):
        raise PermissionDenied
    return committee


class CommitteeMemberCreateView(APIView):
    @extend_schema(
        request=CommitteeMemberInput,
        responses={201: CommitteeMemberOutput},
        summary="Add a guardian of the committee's school, grade or class",
    )
    def post(self, request, pk: int):
        committee = _manageable(request, pk)
        data = CommitteeMemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        guardian = access.get_visible_or_404(request.user, Guardian, pk=values.pop("guardian"))
        member = services.add_committee_member(
            committee=committee, guardian=guardian, by=request.user, **values
        )
        return Response(CommitteeMemberOutput(member).data, status=status.HTTP_201_CREATED)


class CommitteeMeetingCreateView(APIView):
    @extend_schema(
        request=CommitteeMeetingInput,
        responses={201: CommitteeMeetingOutput},
        summary="Record a meeting with its decisions (all saved or none)",
    )
    def post(self, request, pk: int):
        committee = _manageable(request, pk)
        data = CommitteeMeetingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        decisions = [services.DecisionInput(**d) for d in values.pop("decisions")]
        meeting = services.record_committee_meeting(
            committee=committee, by=request.user, decisions=decisions, **values
        )
        return Response(CommitteeMeetingOutput(meeting).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("parent-committees/", CommitteeListView.as_view(), name="parent-committee-list"),
    path(
        "parent-committees/<int:pk>/",
        CommitteeDetailView.as_view(),
        name="parent-committee-detail",
    ),
    path(
        "parent-committees/<int:pk>/members/",
        CommitteeMemberCreateView.as_view(),
        name="parent-committee-member-create",
    ),
    path(
        "parent-committees/<int:pk>/meetings/",
        CommitteeMeetingCreateView.as_view(),
        name="parent-committee-meeting-create",
    ),
]

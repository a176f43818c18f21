"""API for care cases, for the case team and the roles above it. Every
change goes through one case service; every case read goes through the
audited selectors, so a case outside the person's reach is a 404 and each
read is on the case's trail."""

from typing import NoReturn

from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.input_limits import DATE_RANGE, TEXT_MAX_LENGTH
from portal.models import User
from programs.models import (
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    CaseTeamMember,
    Goal,
    RiskLevel,
)
from programs.selectors import cases as selectors
from programs.services import cases as services
from programs.services import history
from programs.services.errors import ProgramsError
from schools.models import Guardian, Relation, Student

# --- Shared by the programs API ---------------------------------------------


def run_service(save):
    """Call one service; its rule errors become a 400 naming the field."""
    try:
        return save()
    except ProgramsError as error:
        raise exceptions.ValidationError({error.field or "detail": [str(error.message)]}) from error


def refuse(field: str, message) -> NoReturn:
    raise exceptions.ValidationError({field: [str(message)]})


def audit_rows(request, rows, *, district=lambda row: row.district_id) -> None:
    """A list shows each row's child and state, so each row shown is a read."""
    history.read_list(user=request.user, rows=rows, district_of=district, request=request)


class CarePersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class CareChildOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- Serializers ----------------------------------------------------------


class CaseOpenInput(serializers.Serializer):
    student = serializers.IntegerField(help_text="A child of a school I may open cases at.")
    kind = serializers.ChoiceField(choices=CaseKind.choices, default=CaseKind.INDIVIDUAL_PLAN)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=CaseCategory.choices),
        allow_empty=False,
        max_length=len(CaseCategory.choices),
    )
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    lead = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Default: the person opening."
    )
    review_every_days = serializers.IntegerField(default=90, help_text="7 to 365.")


class CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    student = CareChildOutput()
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.name")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    lead = CarePersonOutput()
    created_at = serializers.DateTimeField()


class CaseListItemOutput(CaseOutput):
    open_goals = serializers.IntegerField()
    review_overdue = serializers.BooleanField()


class CaseGuardianOutput(serializers.Serializer):
    id = serializers.IntegerField(source="guardian_id")
    name = serializers.CharField(source="guardian.name")
    relation = serializers.ChoiceField(choices=Relation.choices)


class ConsentGuardianOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseFullOutput(CaseOutput):
    district = serializers.IntegerField(source="district_id")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=CaseCategory.choices))
    summary = serializers.CharField()
    shares_with_partners = serializers.BooleanField()
    consent_guardian = ConsentGuardianOutput(allow_null=True)
    consent_recorded_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_by = CarePersonOutput(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    review_every_days = serializers.IntegerField()
    closed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()


class TeamMemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    user = CarePersonOutput()
    part = serializers.ChoiceField(choices=CaseTeamMember.Part.choices)


class GoalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    goal = serializers.CharField()
    measures = serializers.CharField()
    owner = CarePersonOutput()
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Goal.Status.choices)


class FollowUpOutput(serializers.Serializer):
    id = serializers.IntegerField()
    by = CarePersonOutput()
    happened_on = serializers.DateField()
    note = serializers.CharField()


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    by = CarePersonOutput(allow_null=True)
    summary = serializers.CharField()


class CaseDetailOutput(serializers.Serializer):
    case = CaseFullOutput()
    team = TeamMemberOutput(many=True)
    goals = GoalOutput(many=True)
    reviews = ReviewOutput(many=True)
    follow_ups = FollowUpOutput(many=True, help_text="The latest 50.")
    guardians = CaseGuardianOutput(many=True, help_text="Who may give consent.")


class TeamMemberInput(serializers.Serializer):
    user = serializers.IntegerField(help_text="One of the case's team candidates.")
    part = serializers.ChoiceField(choices=CaseTeamMember.Part.choices)


class GoalInput(serializers.Serializer):
    goal = serializers.CharField(max_length=200)
    measures = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    owner = serializers.IntegerField(help_text="The lead or a member of the team.")
    due_on = serializers.DateField(validators=DATE_RANGE)


class GoalStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Goal.Status.choices)


class FollowUpInput(serializers.Serializer):
    happened_on = serializers.DateField(validators=DATE_RANGE)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class ConsentInput(serializers.Serializer):
    guardian = serializers.IntegerField(help_text="A guardian of the child on the roster.")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class ReviewDoneInput(serializers.Serializer):
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class CloseCaseInput(serializers.Serializer):
    outcome = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class RiskInput(serializers.Serializer):
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)


# --- Views ----------------------------------------------------------------


def case_detail(request, pk: int) -> dict:
    """The case as its team sees it; the read is audited."""
    page = selectors.case_page(selectors.case_for(request.user, pk, request=request))
    return CaseDetailOutput(page).data


def case_to_change(user, pk: int) -> Case:
    """The case a change is asked for, 404 outside reach; the service then
    decides whether this person may make the change."""
    return access.get_visible_or_404(user, Case, pk=pk)


class CaseListView(GenericAPIView):
    queryset = Case.objects.none()
    serializer_class = CaseListItemOutput

    def get_queryset(self):
        status_value = self.request.query_params.get("status", "")
        mine = self.request.query_params.get("mine", "").lower() in ("1", "true", "yes")
        return selectors.case_list(self.request.user, status=status_value, mine=mine)

    @extend_schema(
        summary="Cases I work on or oversee",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=CaseStatus.values),
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only cases I lead or am on."),
        ],
        responses=CaseListItemOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        audit_rows(request, page)
        return self.get_paginated_response(CaseListItemOutput(page, many=True).data)

    @extend_schema(
        summary="Open a draft case for a child",
        description="The school's counsellors and leader, or the district, open cases; "
        "a child has one open case of each kind.",
        request=CaseOpenInput,
        responses={201: CaseDetailOutput, 400: None},
    )
    def post(self, request):
        data = CaseOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        student = (
            access.visible(request.user, Student)
            .filter(is_active=True, pk=values.pop("student"))
            .first()
        )
        # Unknown and out-of-reach children get the same answer.
        if student is None or not services.may_open(request.user, student):
            refuse("student", _("Choose a child of a school where you may open cases."))
        lead_id = values.pop("lead")
        lead = None
        if lead_id is not None:
            lead = User.objects.filter(pk=lead_id, is_active=True).first()
            if lead is None:
                refuse(
                    "lead",
                    _(
                        "The lead must be on the staff of the child's school or a district "
                        "case worker."
                    ),
                )
        case = run_service(
            lambda: services.open_case(opened_by=request.user, student=student, lead=lead, **values)
        )
        return Response(case_detail(request, case.pk), status=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    @extend_schema(
        summary="One case with its team, goals, reviews and follow-ups (audited)",
        responses={200: CaseDetailOutput, 404: None},
    )
    def get(self, request, pk: int):
        return Response(case_detail(request, pk))


class CaseActionView(APIView):
    """One step on a case: resolve it within reach, check the input, call
    the step's service, answer with the case."""

    input_class: type[serializers.Serializer] | None = None

    def act(self, request, case: Case, values: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int, **ids):
        case = case_to_change(request.user, pk)
        values = {}
        if self.input_class is not None:
            data = self.input_class(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        run_service(lambda: self.act(request, case, values | ids))
        return Response(case_detail(request, pk))


def step(summary: str, input_class=None, description: str = ""):
    return extend_schema_view(
        post=extend_schema(
            summary=summary,
            description=description,
            request=input_class,
            responses={200: CaseDetailOutput, 400: None, 404: None},
        )
    )


@step("Add a team member (the lead or those above the team)", TeamMemberInput)
class TeamView(CaseActionView):
    input_class = TeamMemberInput

    def act(self, request, case, values):
        user = selectors.team_candidates(case).filter(pk=values["user"]).first()
        if user is None:
            refuse("user", _("Choose one of the people who may join this case's team."))
        services.add_team_member(case=case, by=request.user, user=user, part=values["part"])


@step("Set a goal with its measures and owner", GoalInput)
class GoalsView(CaseActionView):
    input_class = GoalInput

    def act(self, request, case, values):
        owner = (
            User.objects.filter(Q(pk=case.lead_id) | Q(case_teams__case=case))
            .filter(pk=values.pop("owner"))
            .distinct()
            .first()
        )
        if owner is None:
            refuse("owner", _("The owner of a goal must be on the team."))
        services.add_goal(case=case, by=request.user, owner=owner, **values)


@step("Mark a goal open, met or dropped", GoalStatusInput)
class GoalStatusView(CaseActionView):
    input_class = GoalStatusInput

    def act(self, request, case, values):
        goal = case.goals.filter(pk=values["goal_id"]).first()
        if goal is None:
            raise exceptions.NotFound()
        services.set_goal_status(goal=goal, by=request.user, status=values["status"])


@step("Log a follow-up", FollowUpInput)
class FollowUpsView(CaseActionView):
    input_class = FollowUpInput

    def act(self, request, case, values):
        services.log_follow_up(case=case, by=request.user, **values)


@step("Record a guardian's consent to share the child's data", ConsentInput)
class ConsentView(CaseActionView):
    input_class = ConsentInput

    def act(self, request, case, values):
        guardian = Guardian.objects.filter(
            pk=values["guardian"], guardianships__student_id=case.student_id
        ).first()
        if guardian is None:
            refuse("guardian", _("Consent must come from a guardian of the child on the roster."))
        services.record_consent(case=case, by=request.user, guardian=guardian)


@step(
    "Submit the plan for approval",
    description="Needs an open goal, and consent where the plan shares data with partners.",
)
class SubmitView(CaseActionView):
    def act(self, request, case, values):
        services.submit_plan(case=case, by=request.user)


@step(
    "Approve a submitted plan",
    description="By the school leader or the district, from outside the team; "
    "high-risk and crisis plans by the district.",
)
class ApproveView(CaseActionView):
    def act(self, request, case, values):
        services.approve_plan(case=case, by=request.user)


@step("Return a submitted plan for changes", ReasonInput)
class ReturnView(CaseActionView):
    input_class = ReasonInput

    def act(self, request, case, values):
        services.return_plan(case=case, by=request.user, reason=values["reason"])


@step("Complete a scheduled review; the next one is scheduled", ReviewDoneInput)
class ReviewDoneView(CaseActionView):
    input_class = ReviewDoneInput

    def act(self, request, case, values):
        review = case.reviews.filter(pk=values["review_id"]).first()
        if review is None:
            raise exceptions.NotFound()
        services.complete_review(review=review, by=request.user, summary=values["summary"])


@step("Close the case with its outcome", CloseCaseInput)
class CloseView(CaseActionView):
    input_class = CloseCaseInput

    def act(self, request, case, values):
        services.close_case(case=case, by=request.user, outcome=values["outcome"])


@step("Reopen a closed case", ReasonInput)
class ReopenView(CaseActionView):
    input_class = ReasonInput

    def act(self, request, case, values):
        services.reopen_case(case=case, by=request.user, reason=values["reason"])


@step("Raise or lower the risk level", RiskInput)
class RiskView(CaseActionView):
    input_class = RiskInput

    def act(self, request, case, values):
        services.change_risk(case=case, by=request.user, **values)


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="case-list"),
    path("cases/<int:pk>/", CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/team/", TeamView.as_view(), name="case-team"),
    path("cases/<int:pk>/goals/", GoalsView.as_view(), name="case-goals"),
    path(
        "cases/<int:pk>/goals/<int:goal_id>/status/",
        GoalStatusView.as_view(),
        name="case-goal-status",
    ),
    path("cases/<int:pk>/follow-ups/", FollowUpsView.as_view(), name="case-follow-ups"),
    path("cases/<int:pk>/consent/", ConsentView.as_view(), name="case-consent"),
    path("cases/<int:pk>/submit/", SubmitView.as_view(), name="case-submit"),
    path("cases/<int:pk>/approve/", ApproveView.as_view(), name="case-approve"),
    path("cases/<int:pk>/return/", ReturnView.as_view(), name="case-return"),
    path(
        "cases/<int:pk>/reviews/<int:review_id>/done/",
        ReviewDoneView.as_view(),
        name="case-review-done",
    ),
    path("cases/<int:pk>/close/", CloseView.as_view(), name="case-close"),
    path("cases/<int:pk>/reopen/", ReopenView.as_view(), name="case-reopen"),
    path("cases/<int:pk>/risk/", RiskView.as_view(), name="case-risk"),
]

"""Pages of care cases: the care workbench, the list, opening a case, the
case page with its actions, and its history. Every read of a case goes
through `case_for`, which audits it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.forms import show_error
from portal.models import User
from programs.forms import cases as forms
from programs.models import CaseCategory, CaseStatus, CaseTeamMember, Goal, Review
from programs.selectors import alerts as alert_selectors
from programs.selectors import cases as selectors
from programs.selectors import referrals as referral_selectors
from programs.services import cases as services
from programs.services import history
from programs.services.errors import ProgramsError
from schools.models import Student


@login_required
def care_home(request):
    user = request.user
    context = {
        "my_cases": list(
            selectors.case_list(user, mine=True).exclude(status=CaseStatus.CLOSED)[:20]
        ),
        "to_approve": selectors.cases_to_approve(user),
        "overdue_reviews": list(selectors.overdue_reviews(user)[:20]),
        "alerts": list(alert_selectors.alert_queue(user)[:10]),
        "referrals": list(referral_selectors.referrals_to_me(user).filter(status="sent")[:10]),
        "my_alerts": list(alert_selectors.my_alerts(user)[:5]),
    }
    shown_cases = {
        case.pk: case
        for case in [
            *context["my_cases"],
            *context["to_approve"],
            *(review.case for review in context["overdue_reviews"]),
        ]
    }
    history.read_list(user=user, rows=shown_cases.values(), request=request)
    history.read_list(user=user, rows=[*context["alerts"], *context["my_alerts"]], request=request)
    history.read_list(
        user=user,
        rows=context["referrals"],
        district_of=lambda referral: referral.case.district_id,
        request=request,
    )
    return render(request, "programs/home.html", context)


@login_required
def case_list(request):
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1"
    cases = selectors.case_list(request.user, status=status, mine=mine)
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    history.read_list(user=request.user, rows=page.object_list, request=request)
    return render(
        request,
        "programs/cases/list.html",
        {
            "page": page,
            "cases": page.object_list,
            "status": status,
            "mine": mine,
            "statuses": CaseStatus.choices,
        },
    )


def _students_to_open(user, query: str):
    students = access.visible(user, Student).filter(is_active=True)
    if query:
        students = students.filter(name__icontains=query)
    students = students.select_related("school_class__school").order_by("school_class", "name")
    return [s for s in students[:30] if services.may_open(user, s)]


@login_required
def case_new(request):
    query = (request.GET.get("q") or "").strip()
    student_id = request.GET.get("student") or request.POST.get("student")
    student = None
    if student_id and str(student_id).isdigit():
        student = access.get_visible_or_404(request.user, Student, pk=int(student_id))
        if not services.may_open(request.user, student):
            raise Http404
    form = forms.CaseForm(request.POST or None) if student else None
    if student and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(opened_by=request.user, student=student, **data)
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Case opened as a draft. Add the team and goals."))
            return redirect("programs:case-detail", pk=case.pk)
    context = {"student": student, "form": form, "query": query}
    if student is None:
        context["students"] = _students_to_open(request.user, query)
    return render(request, "programs/cases/new.html", context)


@login_required
def case_detail(request, pk: int):
    case = selectors.case_for(request.user, pk, request=request)
    page = selectors.case_page(case)
    user = request.user
    may_manage = services.may_manage(user, case)
    team_people = [case.lead, *[member.user for member in page.team]]
    context = {
        "case": case,
        "page": page,
        "may_manage": may_manage,
        "may_work": services.may_work_on(user, case),
        "may_approve": case.status == CaseStatus.SUBMITTED and services.may_approve(user, case),
        "open_goals": sum(1 for goal in page.goals if goal.status == Goal.Status.OPEN),
        "pending_review": next((r for r in page.reviews if r.done_on is None), None),
        "goal_statuses": Goal.Status.choices,
        "category_labels": [CaseCategory(value).label for value in case.categories],
        "today": timezone.localdate(),
    }
    if may_manage and case.status != CaseStatus.CLOSED:
        context.update(
            team_form=forms.TeamMemberForm(people=selectors.team_candidates(case)),
            goal_form=forms.GoalForm(people=team_people),
            consent_form=forms.ConsentForm(guardianships=page.guardians),
        )
    if context["may_work"] and case.status != CaseStatus.CLOSED:
        context.update(
            follow_up_form=forms.FollowUpForm(),
            risk_form=forms.RiskForm(initial={"risk_level": case.risk_level}),
        )
    return render(request, "programs/cases/detail.html", context)


@login_required
def case_edit(request, pk: int):
    case = selectors.case_for(request.user, pk, request=request)
    if not services.may_manage(request.user, case):
        raise Http404
    initial = {
        "categories": case.categories,
        "summary": case.summary,
        "review_every_days": case.review_every_days,
    }
    form = forms.CaseChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_case(case=case, by=request.user, **form.cleaned_data)
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Case updated."))
            return redirect("programs:case-detail", pk=case.pk)
    return render(request, "programs/cases/edit.html", {"case": case, "form": form})


@login_required
def case_history(request, pk: int):
    case = selectors.case_for(request.user, pk, request=request)
    return render(
        request,
        "programs/cases/history.html",
        {
            "case": case,
            "changes": selectors.history_of(case),
            "reads": selectors.reads_of(case)[:50],
        },
    )


# --- Actions on the case page ------------------------------------------------


def _team(request, case):
    form = forms.TeamMemberForm(request.POST, people=selectors.team_candidates(case))
    if not form.is_valid():
        raise ProgramsError(_("Choose a person and their part in the team."))
    user = User.objects.get(pk=form.cleaned_data["user"])
    services.add_team_member(case=case, by=request.user, user=user, part=form.cleaned_data["part"])
    return _("Team member added.")


def _team_remove(request, case):
    form = forms.MemberForm(request.POST)
    member = (
        form.is_valid()
        and CaseTeamMember.objects.filter(case=case, pk=form.cleaned_data["member"]).first()
    )
    if not member:
        raise ProgramsError(_("Choose a member of this team."))
    services.remove_team_member(member=member, by=request.user)
    return _("Team member removed.")


def _goal(request, case):
    people = [case.lead, *[m.user for m in case.team.select_related("user")]]
    form = forms.GoalForm(request.POST, people=people)
    if not form.is_valid():
        raise ProgramsError(_("Fill in the goal, its measures, its owner and a due date."))
    data = form.cleaned_data
    owner = next(person for person in people if person.pk == data["owner"])
    services.add_goal(
        case=case,
        by=request.user,
        goal=data["goal"],
        measures=data["measures"],
        owner=owner,
        due_on=data["due_on"],
    )
    return _("Goal added.")


def _goal_status(request, case):
    form = forms.GoalStatusForm(request.POST)
    goal = form.is_valid() and Goal.objects.filter(case=case, pk=form.cleaned_data["goal"]).first()
    if not goal:
        raise ProgramsError(_("Choose a goal of this case and its status."))
    services.set_goal_status(goal=goal, by=request.user, status=form.cleaned_data["status"])
    return _("Goal updated.")


def _follow_up(request, case):
    form = forms.FollowUpForm(request.POST)
    if not form.is_valid():
        raise ProgramsError(_("Give the date and write what happened."))
    services.log_follow_up(case=case, by=request.user, **form.cleaned_data)
    return _("Follow-up logged.")


def _consent(request, case):
    form = forms.ConsentForm(request.POST, guardianships=case.student.guardianships.all())
    if not form.is_valid():
        raise ProgramsError(_("Choose the guardian who gave consent."))
    guardian = case.student.guardians.get(pk=form.cleaned_data["guardian"])
    services.record_consent(case=case, by=request.user, guardian=guardian)
    return _("Consent recorded.")


def _reason(request) -> str:
    form = forms.ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


def _submit(request, case):
    services.submit_plan(case=case, by=request.user)
    return _("Plan submitted for approval.")


def _approve(request, case):
    services.approve_plan(case=case, by=request.user)
    return _("Plan approved. It is active now.")


def _return(request, case):
    services.return_plan(case=case, by=request.user, reason=_reason(request))
    return _("Plan returned to its lead.")


def _risk(request, case):
    form = forms.RiskForm(request.POST)
    if not form.is_valid():
        raise ProgramsError(_("Choose the risk level."))
    services.change_risk(case=case, by=request.user, **form.cleaned_data)
    return _("Risk level updated.")


def _review(request, case):
    form = forms.ReviewForm(request.POST)
    review = (
        form.is_valid() and Review.objects.filter(case=case, pk=form.cleaned_data["review"]).first()
    )
    if not review:
        raise ProgramsError(_("Choose a review of this case."))
    services.complete_review(review=review, by=request.user, summary=form.cleaned_data["summary"])
    return _("Review recorded; the next one is scheduled.")


def _close(request, case):
    form = forms.OutcomeForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    services.close_case(case=case, by=request.user, outcome=outcome)
    return _("Case closed.")


def _reopen(request, case):
    services.reopen_case(case=case, by=request.user, reason=_reason(request))
    return _("Case reopened.")


ACTIONS = {
    "team": _team,
    "team-remove": _team_remove,
    "goal": _goal,
    "goal-status": _goal_status,
    "follow-up": _follow_up,
    "consent": _consent,
    "submit": _submit,
    "approve": _approve,
    "return": _return,
    "risk": _risk,
    "review": _review,
    "close": _close,
    "reopen": _reopen,
}


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    case = selectors.case_for(request.user, pk, request=request)
    try:
        message = handler(request, case)
    except ProgramsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("programs:case-detail", pk=case.pk)


urlpatterns = [
    path("", care_home, name="home"),
    path("cases/", case_list, name="cases"),
    path("cases/new/", case_new, name="case-new"),
    path("cases/<int:pk>/", case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", case_edit, name="case-edit"),
    path("cases/<int:pk>/history/", case_history, name="case-history"),
    path("cases/<int:pk>/<slug:action>/", case_action, name="case-action"),
]

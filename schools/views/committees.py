"""Pages for parent committees (家委会): a school's committees, one
committee with its members, meetings and decisions, and the forms to add
members and meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.phones import mask_phone
from schools.forms.activities import show_error
from schools.forms.committees import CommitteeMeetingForm, CommitteeMemberForm, DecisionFormSet
from schools.models import CommitteeRole, School
from schools.selectors import committees as selectors
from schools.services import committees as services
from schools.services.errors import SchoolsError


@login_required
def committee_list(request):
    school = None
    chosen = request.GET.get("school", "")
    if chosen.isdigit():
        school = access.get_visible_or_404(request.user, School, pk=int(chosen))
    committees = selectors.committees_for(request.user, school)
    page = Paginator(committees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/committees/list.html",
        {"school": school, "page": page},
    )


def _manageable(request, pk: int):
    committee = selectors.committee_detail(request.user, pk)
    if not selectors.may_manage_committee(request.user, committee=committee):
        raise PermissionDenied(_("You may not change this committee."))
    return committee


@login_required
def committee_detail(request, pk: int):
    committee = selectors.committee_detail(request.user, pk)
    rank = {role: index for index, role in enumerate(CommitteeRole.values)}
    # Chair first, then vice chair, secretary and members; current terms first.
    members = sorted(
        committee.members.all(),
        key=lambda m: (-m.term_ends_on.toordinal(), rank[m.role], m.guardian.name),
    )
    for member in members:
        member.masked_phone = mask_phone(member.guardian.phone)
    return render(
        request,
        "schools/committees/detail.html",
        {
            "committee": committee,
            "members": members,
            "meetings": committee.meetings.all(),
            "may_manage": selectors.may_manage_committee(request.user, committee=committee),
        },
    )


@login_required
def new_member(request, pk: int):
    committee = _manageable(request, pk)
    form = CommitteeMemberForm(
        request.POST or None, guardians=selectors.eligible_guardians(request.user, committee)
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_committee_member(
                committee=committee, by=request.user, **form.cleaned_data
            )
        except SchoolsError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("%(name)s joined the committee.") % {"name": member.guardian.name}
            )
            return redirect("schools:committee-detail", pk=committee.pk)
    return render(
        request, "schools/committees/member_form.html", {"committee": committee, "form": form}
    )


@login_required
def new_meeting(request, pk: int):
    committee = _manageable(request, pk)
    form = CommitteeMeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    decisions = DecisionFormSet(request.POST or None, prefix="decisions")
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        entered = [d for d in decisions if d.has_changed() and not d.is_blank()]
        try:
            services.record_committee_meeting(
                committee=committee,
                by=request.user,
                decisions=[
                    services.DecisionInput(
                        kind=d.cleaned_data["kind"] or "general",
                        text=d.cleaned_data["text"],
                        amount_yuan=d.cleaned_data["amount_yuan"],
                        votes_for=d.cleaned_data["votes_for"],
                        votes_against=d.cleaned_data["votes_against"] or 0,
                    )
                    for d in entered
                ],
                **form.cleaned_data,
            )
        except SchoolsError as error:
            _show_meeting_error(form, entered, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("schools:committee-detail", pk=committee.pk)
    return render(
        request,
        "schools/committees/meeting_form.html",
        {"committee": committee, "form": form, "decisions": decisions},
    )


def _show_meeting_error(form, entered, error: SchoolsError) -> None:
    parts = (error.field or "").split(".")
    if len(parts) == 3 and parts[0] == "decisions" and parts[1].isdigit():
        target = entered[int(parts[1])]
        field = parts[2] if parts[2] in target.fields else None
        target.add_error(field, error.message)
    else:
        show_error(form, error)


urlpatterns = [
    path("", committee_list, name="committees"),
    path("<int:pk>/", committee_detail, name="committee-detail"),
    path("<int:pk>/members/new/", new_member, name="committee-member-new"),
    path("<int:pk>/meetings/new/", new_meeting, name="committee-meeting-new"),
]

"""Parent committees (家委会): members, meetings and the decisions they take.
A fee decision is always taken at a meeting, by a quorum, and says how much."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import (
    CommitteeDecision,
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    DecisionKind,
    Guardian,
    ParentCommittee,
    School,
    SchoolClass,
    Student,
)
from schools.selectors.committees import may_manage_committee, members_in_term_on
from schools.services.errors import SchoolsError


def _not_in_future(day: datetime.date, field: str, message: str) -> None:
    if day > timezone.localdate():
        raise SchoolsError(message, field=field)


@transaction.atomic
def create_committee(
    *,
    school: School,
    level: str,
    established_on: datetime.date,
    by,
    grade: int | None = None,
    school_class: SchoolClass | None = None,
) -> ParentCommittee:
    if level not in CommitteeLevel.values:
        raise SchoolsError(_("Choose the committee's level."), field="level")
    if level == CommitteeLevel.SCHOOL:
        grade, school_class = None, None
    elif level == CommitteeLevel.GRADE:
        school_class = None
        if grade is None or grade not in school.grades:
            raise SchoolsError(_("Choose a grade this school teaches."), field="grade")
    else:
        if school_class is None or school_class.school_id != school.pk:
            raise SchoolsError(_("Choose a class of this school."), field="school_class")
        grade = school_class.grade
    class_id = school_class.pk if school_class else None
    if not may_manage_committee(by, school=school, class_id=class_id):
        raise PermissionDenied(_("You may not set up committees for this school."))
    _not_in_future(
        established_on, "established_on", _("The committee cannot be established in the future.")
    )
    duplicate = ParentCommittee.objects.filter(
        school=school,
        level=level,
        grade=grade,
        school_class=school_class,
    )
    if duplicate.exists():
        raise SchoolsError(_("This school already has a parent committee at that level."))
    return ParentCommittee.objects.create(
        school=school,
        district_id=school.district_id,
        level=level,
        grade=grade,
        school_class=school_class,
        established_on=established_on,
    )


def _eligible_students(committee: ParentCommittee):
    students = Student.objects.filter(school_id=committee.school_id, is_active=True)
    if committee.level == CommitteeLevel.GRADE:
        students = students.filter(school_class__grade=committee.grade)
    elif committee.level == CommitteeLevel.CLASS:
        students = students.filter(school_class_id=committee.school_class_id)
    return students


def check_member(
    *,
    committee: ParentCommittee,
    guardian: Guardian,
    role: str,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
    exclude_pk: int | None = None,
) -> None:
    if role not in CommitteeRole.values:
        raise SchoolsError(_("Choose the member's role."), field="role")
    if term_ends_on <= term_starts_on:
        raise SchoolsError(_("The term must end after it starts."), field="term_ends_on")
    if term_starts_on < committee.established_on:
        raise SchoolsError(
            _("The term cannot start before the committee was established (%(day)s).")
            % {"day": committee.established_on.isoformat()},
            field="term_starts_on",
        )
    if not _eligible_students(committee).filter(guardians=guardian).exists():
        raise SchoolsError(
            {
                CommitteeLevel.SCHOOL: _("Members must be guardians of students of this school."),
                CommitteeLevel.GRADE: _("Members must be guardians of students of this grade."),
                CommitteeLevel.CLASS: _("Members must be guardians of students of this class."),
            }[CommitteeLevel(committee.level)],
            field="guardian",
        )
    overlapping = CommitteeMember.objects.filter(
        committee=committee,
        term_starts_on__lte=term_ends_on,
        term_ends_on__gte=term_starts_on,
    ).exclude(pk=exclude_pk)
    if overlapping.filter(guardian=guardian).exists():
        raise SchoolsError(
            _("%(name)s already has a seat on this committee in that term.")
            % {"name": guardian.name},
            field="guardian",
        )
    if role == CommitteeRole.CHAIR:
        chair = overlapping.filter(role=CommitteeRole.CHAIR).select_related("guardian").first()
        if chair is not None:
            raise SchoolsError(
                _(
                    "The committee already has a chair in that term (%(name)s, until %(day)s); "
                    "a committee has one chair at a time."
                )
                % {"name": chair.guardian.name, "day": chair.term_ends_on.isoformat()},
                field="role",
            )


@transaction.atomic
def add_committee_member(
    *,
    committee: ParentCommittee,
    guardian: Guardian,
    role: str,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
    by,
) -> CommitteeMember:
    if not may_manage_committee(by, committee=committee):
        raise PermissionDenied(_("You may not change this committee."))
    # Serialise seat changes of one committee, so two chairs cannot slip in at once.
    ParentCommittee.objects.select_for_update().filter(pk=committee.pk).first()
    check_member(
        committee=committee,
        guardian=guardian,
        role=role,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
    )
    return CommitteeMember.objects.create(
        committee=committee,
        guardian=guardian,
        role=role,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
    )


@dataclass
class DecisionInput:
    text: str
    votes_for: int
    kind: str = DecisionKind.GENERAL
    votes_against: int = 0
    amount_yuan: Decimal | None = None


def check_meeting(
    *, committee: ParentCommittee, held_on: datetime.date, attendees: int, minutes: str
) -> int:
    """Raise the first rule the meeting breaks; returns the members in term."""
    _not_in_future(held_on, "held_on", _("The meeting date cannot be in the future."))
    if held_on < committee.established_on:
        raise SchoolsError(
            _("The meeting cannot be before the committee was established (%(day)s).")
            % {"day": committee.established_on.isoformat()},
            field="held_on",
        )
    if not (minutes or "").strip():
        raise SchoolsError(_("Write the minutes of the meeting."), field="minutes")
    in_term = members_in_term_on(committee, held_on)
    if attendees is None or attendees < 0:
        raise SchoolsError(_("Members present cannot be negative."), field="attendees")
    if attendees > in_term:
        raise SchoolsError(
            _(
                "%(present)d members present is more than the %(members)d members "
                "in term on that day."
            )
            % {"present": attendees, "members": in_term},
            field="attendees",
        )
    return in_term


def check_decision(*, meeting: CommitteeMeeting, decision: DecisionInput, in_term: int) -> None:
    if not (decision.text or "").strip():
        raise SchoolsError(_("Write what was decided."), field="text")
    if decision.kind not in DecisionKind.values:
        raise SchoolsError(_("Choose the kind of decision."), field="kind")
    if decision.votes_for < 0 or decision.votes_against < 0:
        raise SchoolsError(_("Votes cannot be negative."), field="votes_for")
    if decision.votes_for + decision.votes_against > meeting.attendees:
        raise SchoolsError(
            _("%(votes)d votes were cast but only %(present)d members were present.")
            % {
                "votes": decision.votes_for + decision.votes_against,
                "present": meeting.attendees,
            },
            field="votes_for",
        )
    if decision.kind == DecisionKind.GENERAL:
        if decision.amount_yuan is not None:
            raise SchoolsError(
                _("Only a fee decision states an amount; choose the kind “Fee or money”."),
                field="amount_yuan",
            )
        return
    if decision.amount_yuan is None:
        raise SchoolsError(_("A fee decision must state the amount."), field="amount_yuan")
    if decision.amount_yuan < 0:
        raise SchoolsError(_("The amount cannot be negative."), field="amount_yuan")
    if in_term == 0 or meeting.attendees * 2 < in_term:
        raise SchoolsError(
            _(
                "A fee decision needs at least half of the committee present: "
                "%(present)d of %(members)d members were at this meeting."
            )
            % {"present": meeting.attendees, "members": in_term},
            field="attendees",
        )


@transaction.atomic
def record_committee_meeting(
    *,
    committee: ParentCommittee,
    held_on: datetime.date,
    attendees: int,
    minutes: str,
    by,
    decisions: list[DecisionInput] = (),
) -> CommitteeMeeting:
    """A meeting and the decisions taken at it, all saved or none."""
    if not may_manage_committee(by, committee=committee):
        raise PermissionDenied(_("You may not change this committee."))
    in_term = check_meeting(
        committee=committee, held_on=held_on, attendees=attendees, minutes=minutes
    )
    meeting = CommitteeMeeting(
        committee=committee, held_on=held_on, attendees=attendees, minutes=minutes.strip()
    )
    for index, decision in enumerate(decisions):
        try:
            check_decision(meeting=meeting, decision=decision, in_term=in_term)
        except SchoolsError as error:
            # Name the decision, so a form can show the message beside it.
            raise SchoolsError(error.message, field=f"decisions.{index}.{error.field}") from error
    meeting.save()
    for decision in decisions:
        _create_decision(meeting, decision)
    return meeting


@transaction.atomic
def record_decision(*, meeting: CommitteeMeeting, decision: DecisionInput, by) -> CommitteeDecision:
    """A decision added later to a meeting already on record."""
    committee = meeting.committee
    if not may_manage_committee(by, committee=committee):
        raise PermissionDenied(_("You may not change this committee."))
    if meeting.held_on < committee.established_on:
        raise SchoolsError(
            _("The meeting cannot be before the committee was established (%(day)s).")
            % {"day": committee.established_on.isoformat()},
            field="meeting",
        )
    check_decision(
        meeting=meeting,
        decision=decision,
        in_term=members_in_term_on(committee, meeting.held_on),
    )
    return _create_decision(meeting, decision)


def _create_decision(meeting: CommitteeMeeting, decision: DecisionInput) -> CommitteeDecision:
    return CommitteeDecision.objects.create(
        meeting=meeting,
        kind=decision.kind,
        text=decision.text.strip(),
        amount_yuan=decision.amount_yuan if decision.kind == DecisionKind.FEE else None,
        votes_for=decision.votes_for,
        votes_against=decision.votes_against,
    )

"""Reads for parent committees, and who may manage one."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from portal import access
from schools.models import (
    CommitteeDecision,
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMember,
    Guardian,
    ParentCommittee,
    School,
    Student,
)


def may_manage_committee(
    user,
    *,
    committee: ParentCommittee | None = None,
    school: School | None = None,
    class_id: int | None = None,
) -> bool:
    """Leaders (and the district and city) manage every committee of their
    schools; a head teacher their class's, where the access rule says so."""
    if committee is not None:
        return access.may_create(
            user,
            ParentCommittee,
            district_id=committee.district_id,
            school_id=committee.school_id,
            class_id=committee.school_class_id,
        )
    return access.may_create(
        user,
        ParentCommittee,
        district_id=school.district_id,
        school_id=school.pk,
        class_id=class_id,
    )


def members_in_term_on(committee: ParentCommittee, day: datetime.date) -> int:
    return CommitteeMember.objects.filter(
        committee=committee, term_starts_on__lte=day, term_ends_on__gte=day
    ).count()


def committees_for(user, school: School | None = None) -> QuerySet[ParentCommittee]:
    today = timezone.localdate()
    committees = access.visible(user, ParentCommittee)
    if school is not None:
        committees = committees.filter(school=school)
    return (
        committees.select_related("school", "school_class")
        .annotate(
            members_in_term=Count(
                "members",
                filter=Q(members__term_starts_on__lte=today, members__term_ends_on__gte=today),
                distinct=True,
            ),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("school__code", "level", "grade", "school_class__number")
    )


def committee_detail(user, pk: int) -> ParentCommittee:
    """One committee with its members, meetings and decisions, in four queries."""
    return access.get_visible_or_404(
        user,
        ParentCommittee.objects.select_related("school", "school_class").prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.select_related("guardian").order_by(
                    "-term_ends_on", "role", "guardian__name"
                ),
            ),
            Prefetch(
                "meetings",
                queryset=CommitteeMeeting.objects.order_by("-held_on", "-pk").prefetch_related(
                    Prefetch("decisions", queryset=CommitteeDecision.objects.order_by("pk"))
                ),
            ),
        ),
        pk=pk,
    )


def eligible_guardians(user, committee: ParentCommittee) -> QuerySet[Guardian]:
    """Guardians the person sees who have a child in the committee's school,
    grade or class."""
    students = Student.objects.filter(school_id=committee.school_id, is_active=True)
    if committee.level == CommitteeLevel.GRADE:
        students = students.filter(school_class__grade=committee.grade)
    elif committee.level == CommitteeLevel.CLASS:
        students = students.filter(school_class_id=committee.school_class_id)
    return (
        access.visible(user, Guardian)
        .filter(pk__in=Guardian.objects.filter(students__in=students).values("pk"))
        .order_by("name")
    )

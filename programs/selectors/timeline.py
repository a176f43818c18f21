"""The family's timeline: for one child and the siblings who share a
guardian with them, everything the portal knows of the family, newest
first — home visits, lectures the parents attended, counselling, care
networks, plans and referrals.

The page is for those who may read a care case of the family (the case
team and those above it). Each section still asks the access layer for
its own rows where it has a rule for them: counselling requests stay
with the station, so the team sees that they exist, not what was said."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import CounsellingRequest, FamilyLink, Registration
from portal import access
from programs.models import Case, NetworkMember, Referral
from programs.services import history
from schools.models import Guardianship, HomeVisit, Student


@dataclass
class Entry:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""


@dataclass
class Timeline:
    student: Student
    children: list[Student]
    entries: list[Entry] = field(default_factory=list)


def family_of(student: Student) -> list[Student]:
    """The child and every child who shares a guardian with them."""
    guardians = Guardianship.objects.filter(student=student).values("guardian_id")
    ids = set(
        Guardianship.objects.filter(guardian_id__in=guardians).values_list("student_id", flat=True)
    )
    ids.add(student.pk)
    return list(
        Student.objects.filter(pk__in=ids).select_related("school_class__school").order_by("pk")
    )


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def timeline_for(user, student_pk: int, *, request=None) -> Timeline:
    student = Student.objects.filter(pk=student_pk).select_related("school_class").first()
    if student is None:
        raise Http404
    children = family_of(student)
    ids = [child.pk for child in children]
    cases = list(
        access.visible(user, Case).filter(student_id__in=ids).select_related("student", "lead")
    )
    if not cases:
        raise Http404
    for case in cases:
        history.read(user=user, obj=case, district_id=case.district_id, request=request)
    names = {child.pk: child.name for child in children}
    entries = [
        *_visits(user, ids, names),
        *_lectures(ids),
        *_counselling(user, ids, names),
        *_networks(ids, names),
        *_cases(cases),
        *_referrals(user, cases),
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return Timeline(student=student, children=children, entries=entries)


def _visits(user, ids, names) -> list[Entry]:
    visits = (
        access.visible(user, HomeVisit)
        .filter(visited__student_id__in=ids)
        .select_related("author")
        .distinct()
        .order_by("-visited_on")[:100]
    )
    return [
        Entry(
            at=_moment(visit.visited_on),
            kind=_("Home visit"),
            title=_("%(teacher)s visited the family") % {"teacher": visit.author.display_name},
            detail=visit.summary,
            url=reverse("schools:visit-detail", args=[visit.pk]),
        )
        for visit in visits
    ]


def _lectures(ids) -> list[Entry]:
    parents = FamilyLink.objects.filter(student_id__in=ids).values("user_id")
    attended = (
        Registration.objects.filter(user_id__in=parents, checked_in_at__isnull=False)
        .select_related("lecture", "user")
        .order_by("-checked_in_at")[:100]
    )
    return [
        Entry(
            at=row.checked_in_at,
            kind=_("Lecture"),
            title=_("%(parent)s attended “%(lecture)s”")
            % {"parent": row.user.display_name, "lecture": row.lecture.title},
        )
        for row in attended
    ]


def _counselling(user, ids, names) -> list[Entry]:
    parents = FamilyLink.objects.filter(student_id__in=ids).values("user_id")
    requests = CounsellingRequest.objects.filter(
        Q(student_id__in=ids) | Q(requester_id__in=parents)
    ).order_by("-created_at")[:100]
    readable = set(
        access.visible(user, CounsellingRequest)
        .filter(pk__in=[r.pk for r in requests])
        .values_list("pk", flat=True)
    )
    return [
        Entry(
            at=item.created_at,
            kind=_("Counselling"),
            title=_("Counselling request: %(topic)s") % {"topic": item.get_topic_display()},
            detail=(
                item.get_status_display()
                if item.pk in readable
                else _("Held by the counselling station; ask the station for details.")
            ),
            url=reverse("families:counselling-detail", args=[item.pk])
            if item.pk in readable
            else "",
        )
        for item in requests
    ]


def _networks(ids, names) -> list[Entry]:
    members = NetworkMember.objects.filter(student_id__in=ids).select_related(
        "network__head", "network__cadre"
    )
    return [
        Entry(
            at=_moment(member.joined_on),
            kind=_("Care network"),
            title=_("%(child)s joined the care network %(network)s")
            % {"child": names[member.student_id], "network": member.network.name},
            detail=_("Network head %(head)s, cadre %(cadre)s")
            % {
                "head": member.network.head.display_name,
                "cadre": member.network.cadre.display_name,
            },
        )
        for member in members
    ]


def _cases(cases) -> list[Entry]:
    entries = []
    for case in cases:
        url = reverse("programs:case-detail", args=[case.pk])
        entries.append(
            Entry(
                at=case.created_at,
                kind=_("Care plan"),
                title=_("%(kind)s opened for %(child)s")
                % {"kind": case.get_kind_display(), "child": case.student.name},
                detail=_("Lead: %(lead)s · %(status)s")
                % {"lead": case.lead.display_name, "status": case.get_status_display()},
                url=url,
            )
        )
        if case.closed_at:
            entries.append(
                Entry(at=case.closed_at, kind=_("Care plan"), title=_("Case closed"), url=url)
            )
    return entries


def _referrals(user, cases) -> list[Entry]:
    referrals = (
        access.visible(user, Referral)
        .filter(case__in=cases)
        .select_related("to_department", "to_organisation", "to_volunteer")
    )
    return [
        Entry(
            at=referral.sent_at,
            kind=_("Referral"),
            title=_("Referred to %(receiver)s")
            % {
                "receiver": referral.to_department
                or referral.to_organisation
                or referral.to_volunteer
            },
            detail=referral.get_status_display(),
            url=reverse("programs:referral-detail", args=[referral.pk]),
        )
        for referral in referrals
    ]

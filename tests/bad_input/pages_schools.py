"""The schools app's pages where a person types."""

import datetime
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from portal.input_limits import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from schools.tests.factories import (
    GuardianshipFactory,
    LawAppointmentFactory,
    LawVicePrincipalFactory,
    ParentCommitteeFactory,
)

from .kit import Page


def today() -> datetime.date:
    return timezone.localdate()


def _visit(city, people):
    return SimpleNamespace(
        url=f"{reverse('schools:visit-new')}?student={city.student_1.pk}",
        data={
            "visited_on": today().isoformat(),
            "form": "home",
            "people_met": ["parent"],
            "topics": ["study"],
            "summary": "家长重视孩子学习。",
            "concerns": "",
            "follow_up_on": "",
        },
        shown=[reverse("schools:visit-list")],
    )


def _activity(city, people):
    return SimpleNamespace(
        url=f"{reverse('schools:activity-new')}?school={city.school.pk}",
        data={
            "school": city.school.pk,
            "kind": "lecture",
            "title": "防溺水家长课堂",
            "held_on": today().isoformat(),
            "audience": "全体家长",
            "invited": 100,
            "attendance": 96,
            "notes": "",
        },
        shown=[reverse("schools:activities-school", args=[city.school.pk])],
    )


def _member(city, people):
    committee = ParentCommitteeFactory(
        school=city.school, established_on=today() - datetime.timedelta(days=400)
    )
    guardian = GuardianshipFactory(student=city.student_1, guardian__name="李爸爸").guardian
    starts = today() - datetime.timedelta(days=30)
    return SimpleNamespace(
        url=reverse("schools:committee-member-new", args=[committee.pk]),
        data={
            "guardian": guardian.pk,
            "role": "chair",
            "term_starts_on": starts.isoformat(),
            "term_ends_on": (starts + datetime.timedelta(days=365)).isoformat(),
        },
        starts=starts,
        shown=[reverse("schools:committee-detail", args=[committee.pk])],
    )


def _meeting(city, people):
    committee = ParentCommitteeFactory(
        school=city.school, established_on=today() - datetime.timedelta(days=400)
    )
    return SimpleNamespace(
        url=reverse("schools:committee-meeting-new", args=[committee.pk]),
        data={
            "held_on": today().isoformat(),
            "attendees": 0,
            "minutes": "讨论校服。",
            "decisions-TOTAL_FORMS": 1,
            "decisions-INITIAL_FORMS": 0,
            "decisions-MIN_NUM_FORMS": 0,
            "decisions-MAX_NUM_FORMS": 10,
            "decisions-0-kind": "general",
            "decisions-0-text": "统一订购校服。",
            "decisions-0-votes_for": 0,
            "decisions-0-votes_against": 0,
        },
        shown=[reverse("schools:committee-detail", args=[committee.pk])],
    )


def _law(city, people):
    vice_principal = LawVicePrincipalFactory(name="韦警官", district=city.qingxiu)
    appointment = LawAppointmentFactory(
        vice_principal=vice_principal,
        school=city.school,
        starts_on=today() - datetime.timedelta(days=200),
    )
    return SimpleNamespace(
        url=reverse("schools:law-session-new"),
        data={
            "appointment": appointment.pk,
            "held_on": today().isoformat(),
            "class_hours": "2",
            "topic": "交通安全",
            "audience": "三年级",
        },
        shown=[reverse("schools:law"), reverse("api:law-session-list")],
    )


def _future(field):
    return lambda ctx: [{field: (today() + datetime.timedelta(days=3)).isoformat()}]


PAGES = [
    Page(
        "schools:visit-new",
        "head_teacher",
        _visit,
        writes=("schools.HomeVisit", "schools.VisitedStudent", "portal.AuditEntry"),
        limits={"summary": TEXT_MAX_LENGTH, "concerns": TEXT_MAX_LENGTH},
        names=("summary",),
        dates=("visited_on", "follow_up_on"),
        more_dates=_future("visited_on"),
    ),
    Page(
        "schools:activity-new",
        "school_leader",
        _activity,
        writes=("schools.GuidanceActivity", "portal.AuditEntry"),
        limits={"title": 200, "audience": 200, "notes": TEXT_MAX_LENGTH},
        names=("title", "audience"),
        dates=("held_on",),
        more_dates=_future("held_on"),
    ),
    Page(
        "schools:committee-member-new",
        "school_leader",
        _member,
        writes=("schools.CommitteeMember", "portal.AuditEntry"),
        dates=("term_starts_on", "term_ends_on"),
        more_dates=lambda ctx: [
            {"term_ends_on": (ctx.starts - datetime.timedelta(days=1)).isoformat()}
        ],
    ),
    Page(
        "schools:committee-meeting-new",
        "school_leader",
        _meeting,
        writes=("schools.CommitteeMeeting", "schools.CommitteeDecision", "portal.AuditEntry"),
        limits={"minutes": LONG_TEXT_MAX_LENGTH, "decisions-0-text": TEXT_MAX_LENGTH},
        names=("minutes", "decisions-0-text"),
        dates=("held_on",),
        more_dates=_future("held_on"),
    ),
    Page(
        "schools:law-session-new",
        "school_leader",
        _law,
        writes=("schools.LawSession", "portal.AuditEntry"),
        limits={"topic": 200, "audience": 200},
        names=("topic", "audience"),
        dates=("held_on",),
        more_dates=_future("held_on"),
    ),
]

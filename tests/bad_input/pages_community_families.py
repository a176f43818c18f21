"""The community and families apps' pages where a person types."""

import datetime
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from community.tests.factories_partners import (
    AllianceFactory,
    DepartmentFactory,
    VolunteerFactory,
)
from families.tests.factories_content import CounsellingStationFactory, ParentLinkFactory
from portal.input_limits import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from portal.tests.factories import UserFactory

from .kit import Page


def today() -> datetime.date:
    return timezone.localdate()


def _in_days(days: int) -> str:
    return (today() + datetime.timedelta(days=days)).isoformat()


def _meeting(city, people):
    liaison = UserFactory(username="police", name="蒙警官")
    police = DepartmentFactory(name="青秀公安分局", district=city.qingxiu, liaisons=[liaison])
    alliance = AllianceFactory(
        name="青秀区警教协同联盟",
        district=city.qingxiu,
        departments=[police],
        schools=[city.school],
        established_on=datetime.date(2023, 9, 1),
    )
    return SimpleNamespace(
        url=reverse("community:meeting-new", args=[alliance.pk]),
        data={
            "held_on": _in_days(-1),
            "location": "区教育局会议室",
            "minutes": "通报情况。",
            "attendees-TOTAL_FORMS": "1",
            "attendees-INITIAL_FORMS": "0",
            "attendees-0-name": "蒙警官",
            "attendees-0-department": str(police.pk),
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "0",
            "tasks-0-title": "护学岗",
            "tasks-0-owner": str(liaison.pk),
            "tasks-0-due_on": _in_days(7),
        },
        shown=[
            reverse("community:alliance-detail", args=[alliance.pk]),
            reverse("api:meeting-list"),
        ],
    )


def _hours(city, people):
    volunteer = VolunteerFactory(name="韦志愿", phone="13912345678", districts=[city.qingxiu])
    return SimpleNamespace(
        url=reverse("community:volunteer-hours", args=[volunteer.pk]),
        data={
            "served_on": _in_days(-1),
            "hours": "3",
            "activity": "家长课堂志愿服务",
            "district": city.qingxiu.pk,
        },
        shown=[reverse("community:volunteer-hours", args=[volunteer.pk])],
    )


def _tip(city, people):
    ParentLinkFactory(user=people.parent, student=city.student_1)
    return SimpleNamespace(
        url=reverse("families:tip-new"),
        data={
            "title": "亲子沟通",
            "body": "多听少说。",
            "audience": "school",
            "school": city.school.pk,
            "grade": "",
        },
        shown=[reverse("families:tips-published"), reverse("api:tip-list")],
    )


def _stations(city, people):
    return CounsellingStationFactory(
        name="青秀区润心工作站",
        district=city.qingxiu,
        lead=UserFactory(username="lead", name="覃站长"),
        counsellors=[people.counsellor],
    )


def _request(city, people):
    _stations(city, people)
    ParentLinkFactory(user=people.parent, student=city.student_1)
    return SimpleNamespace(
        url=reverse("families:counselling-new"),
        data={
            "topic": "study_methods",
            "for_whom": "child",
            "student": city.student_1.pk,
            "preferred_channel": "phone",
            "preferred_time": "周末",
            "description": "孩子写作业拖拉，想请教方法。",
        },
        shown=[reverse("families:my-counselling"), reverse("api:counselling-request-list")],
    )


def _call(city, people):
    station = _stations(city, people)
    started = timezone.localtime() - datetime.timedelta(hours=2)
    return SimpleNamespace(
        url=reverse("families:hotline-new"),
        data={
            "station": station.pk,
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (started + datetime.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M"),
            "topic": "policy",
            "caller": "self",
            "caller_name": "",
            "summary": "家长咨询入学政策。",
        },
        started=started,
        shown=[reverse("api:hotline-call-list")],
    )


def _moment(days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


PAGES = [
    Page(
        "community:meeting-new",
        "district_officer",
        _meeting,
        writes=(
            "community.JointMeeting",
            "community.MeetingAttendee",
            "community.FollowUpTask",
            "portal.Notification",
            "portal.AuditEntry",
        ),
        limits={
            "location": 200,
            "minutes": LONG_TEXT_MAX_LENGTH,
            "attendees-0-name": 50,
            "tasks-0-title": 200,
        },
        names=("location", "minutes", "attendees-0-name", "tasks-0-title"),
        dates=("held_on", "tasks-0-due_on"),
        more_dates=lambda ctx: [{"held_on": _in_days(3)}],
    ),
    Page(
        "community:volunteer-hours",
        "district_officer",
        _hours,
        writes=("community.VolunteerHours", "portal.AuditEntry"),
        limits={"activity": 200},
        names=("activity",),
        dates=("served_on",),
        more_dates=lambda ctx: [{"served_on": _in_days(3)}],
    ),
    Page(
        "families:tip-new",
        "school_leader",
        _tip,
        writes=("families.Tip", "portal.Notification", "portal.AuditEntry"),
        limits={"title": 160, "body": LONG_TEXT_MAX_LENGTH},
        names=("title", "body"),
    ),
    Page(
        "families:counselling-new",
        "parent",
        _request,
        writes=("families.CounsellingRequest", "portal.Notification", "portal.AuditEntry"),
        limits={"preferred_time": 100, "description": TEXT_MAX_LENGTH},
        names=("preferred_time", "description"),
    ),
    Page(
        "families:hotline-new",
        "counsellor",
        _call,
        writes=("families.HotlineCall", "portal.AuditEntry"),
        limits={"caller_name": 50, "summary": TEXT_MAX_LENGTH},
        names=("caller_name", "summary"),
        dates=("started_at", "ended_at"),
        more_dates=lambda ctx: [
            {"started_at": _moment(2), "ended_at": _moment(2)},
            {"ended_at": ctx.started.strftime("%Y-%m-%dT%H:%M"), "started_at": _moment(-1)},
        ],
    ),
]

"""The care programs' pages where a person types."""

import datetime
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from community.models import Department
from portal.input_limits import TEXT_MAX_LENGTH
from programs.services import cases
from schools.tests.factories import GuardianshipFactory

from .kit import Page


def _case_data():
    return {
        "kind": "plan",
        "categories": ["left_behind"],
        "risk_level": "medium",
        "summary": "父母在外务工，由祖母照看。",
        "review_every_days": 90,
    }


def _case(city, people):
    return SimpleNamespace(
        url=f"{reverse('programs:case-new')}?student={city.student_1.pk}",
        data={"student": city.student_1.pk, **_case_data()},
        shown=[reverse("programs:cases")],
    )


def _alert(city, people):
    return SimpleNamespace(
        url=reverse("programs:alert-new"),
        data={
            "student": city.student_1.pk,
            "source": "other",
            "level": "early_warning",
            "note": "课间独自哭泣。",
        },
        shown=[],
    )


def _referral(city, people):
    case = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_1,
        categories=["left_behind"],
        risk_level="medium",
        summary="父母在外务工。",
    )
    cases.add_goal(
        case=case,
        by=people.counsellor,
        goal="情绪稳定",
        measures="每周谈心一次",
        owner=people.counsellor,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    guardian = GuardianshipFactory(student=city.student_1, guardian__name="李奶奶").guardian
    cases.record_consent(case=case, by=people.counsellor, guardian=guardian)
    cases.submit_plan(case=case, by=people.counsellor)
    cases.approve_plan(case=case, by=people.school_leader)
    department = Department.objects.create(
        name="青秀区民政局", kind="civil_affairs", district=city.qingxiu
    )
    return SimpleNamespace(
        url=reverse("programs:referral-new", args=[case.pk]),
        data={
            "receiver": f"department:{department.pk}",
            "reason": "监护缺失",
            "asked": "协助走访核实监护情况",
            "escalate_after_days": 5,
        },
        shown=[reverse("programs:referrals")],
    )


def _in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


PAGES = [
    Page(
        "programs:case-new",
        "counsellor",
        _case,
        writes=("programs.Case", "portal.AuditEntry"),
        limits={"summary": TEXT_MAX_LENGTH},
        names=("summary",),
    ),
    Page(
        "programs:alert-new",
        "head_teacher",
        _alert,
        writes=("programs.Alert", "portal.Notification", "portal.AuditEntry"),
        limits={"note": TEXT_MAX_LENGTH},
    ),
    Page(
        "programs:referral-new",
        "counsellor",
        _referral,
        writes=("programs.Referral", "portal.Notification", "portal.AuditEntry"),
        limits={"reason": TEXT_MAX_LENGTH, "asked": TEXT_MAX_LENGTH},
        names=("reason", "asked"),
    ),
]

"""The care pages cost the same number of queries for 10 rows as for 100:
no query per case, alert or referral shown (audit reads included, which
are one insert per page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Department
from portal.tests.helpers import log_in
from programs.models import Alert, Case, CaseTeamMember, Goal, Referral
from schools.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

PAGES = ["programs:home", "programs:cases", "programs:alerts", "programs:referrals"]


def fill(city, people, count: int) -> None:
    department, _created = Department.objects.get_or_create(name="青秀分局", kind="public_security")
    students = StudentFactory.create_batch(count, school_class=city.class_1)
    cases = Case.objects.bulk_create(
        Case(
            kind="plan",
            student=student,
            school=city.school,
            district=city.qingxiu,
            categories=["left_behind"],
            risk_level="medium",
            status="active",
            lead=people.counsellor,
            summary="情况说明",
            approved_by=people.school_leader,
            approved_at="2026-11-01T08:00:00+08:00",
            consent_recorded_at="2026-11-01T08:00:00+08:00",
            shares_with_partners=True,
        )
        for student in students
    )
    CaseTeamMember.objects.bulk_create(
        CaseTeamMember(case=case, user=people.head_teacher, part="teacher") for case in cases
    )
    Goal.objects.bulk_create(
        Goal(case=case, goal="目标", measures="措施", owner=people.counsellor, due_on="2027-01-01")
        for case in cases
    )
    Referral.objects.bulk_create(
        Referral(
            case=case,
            to_department=department,
            reason="原因",
            asked="请求",
            sent_by=people.counsellor,
        )
        for case in cases
    )
    Alert.objects.bulk_create(
        Alert(
            student=case.student,
            school=city.school,
            district=city.qingxiu,
            level="early_warning",
            source="other",
            raised_by=people.head_teacher,
            case=case,
        )
        for case in cases
    )


def queries(client, url: str) -> int:
    """Counted on a second load, once the content types are cached."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_list_pages_cost_the_same_for_10_and_100_rows(client, city, people, page):
    log_in(client, people.counsellor)
    url = reverse(page)
    fill(city, people, 10)
    few = queries(client, url)
    fill(city, people, 90)
    many = queries(client, url)
    assert many == few, f"{page}: {few} queries at 10 rows, {many} at 100"


def test_the_case_page_does_not_grow_with_its_rows(client, city, people):
    log_in(client, people.counsellor)
    fill(city, people, 1)
    case = Case.objects.get()
    url = reverse("programs:case-detail", args=[case.pk])
    few = queries(client, url)
    Goal.objects.bulk_create(
        Goal(
            case=case,
            goal=f"目标{n}",
            measures="措施",
            owner=people.counsellor,
            due_on="2027-01-01",
        )
        for n in range(30)
    )
    assert queries(client, url) == few

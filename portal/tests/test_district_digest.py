"""The weekly digest for district officers: one message an ISO week for
each, their own district's figures, numbers only."""

import datetime

import pytest

from portal.district_digest import district_url, send_district_digests
from portal.models import Notification, Role
from portal.tests.factories import UserFactory, assign
from programs.tests.factories_cases import CaseFactory, ReviewFactory
from schools.tests.factories import GuidanceActivityFactory, LawAppointmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KIND = "portal.district_digest"
# A week after now, so that plans approved now count as open then.
TUESDAY = datetime.date(2026, 12, 8)  # ISO week 2026-W50


def digest_of(user):
    return Notification.objects.get(kind=KIND, recipient=user)


def test_each_district_officer_gets_their_districts_summary(city, people):
    LawAppointmentFactory(school=city.school, vice_principal__district=city.qingxiu)
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        approved_by=people.school_leader,
    )
    ReviewFactory(case=case, due_on=TUESDAY - datetime.timedelta(days=3))

    assert send_district_digests(today=TUESDAY) == 2

    digest = digest_of(people.district_officer)
    assert digest.title == "Weekly summary for 青秀区, week 2026-W50"
    assert digest.subject_key == "district_digest:2026-W50"
    assert digest.url == district_url(city.qingxiu)
    assert digest.url.endswith(f"/dashboard/district/{city.qingxiu.pk}/")
    assert "schools behind on home-visit coverage: 1 of 1" in digest.body
    assert "schools behind on guidance activities: 1 of 1" in digest.body
    assert "vice principals behind on law-education hours: 1 of 1" in digest.body
    assert "care-plan reviews overdue: 1" in digest.body
    assert "referrals unanswered past their days: 0" in digest.body
    assert "李明" not in digest.body
    other = digest_of(people.other_district_officer)
    assert "西乡塘区" in other.title and "青秀区" not in other.body


def test_a_school_at_target_is_not_counted_behind(city, people):
    GuidanceActivityFactory.create_batch(2, school=city.school, held_on=TUESDAY)

    send_district_digests(today=TUESDAY)

    assert (
        "schools behind on guidance activities: 0 of 1" in digest_of(people.district_officer).body
    )


def test_nobody_else_gets_a_digest(city, people):
    send_district_digests(today=TUESDAY)

    recipients = set(Notification.objects.filter(kind=KIND).values_list("recipient", flat=True))
    assert recipients == {people.district_officer.pk, people.other_district_officer.pk}


def test_an_officer_of_two_districts_gets_one_message(city, people):
    assign(people.district_officer, Role.DISTRICT_OFFICER, district=city.xixiangtang)

    send_district_digests(today=TUESDAY)

    digest = digest_of(people.district_officer)
    assert "青秀区" in digest.body and "西乡塘区" in digest.body


def test_one_digest_a_week_however_often_it_runs(city, people):
    runs = [send_district_digests(today=TUESDAY + datetime.timedelta(d)) for d in range(-1, 6)]
    next_week = send_district_digests(today=TUESDAY + datetime.timedelta(6))

    assert runs == [2, 0, 0, 0, 0, 0, 0]
    assert next_week == 2


def test_an_inactive_officer_gets_none(city, people):
    people.district_officer.is_active = False
    people.district_officer.save()
    UserFactory(username="unused")

    assert send_district_digests(today=TUESDAY) == 1


def test_the_task_runs(city, people):
    from portal.tasks import send_district_digests as task

    assert task.delay(today=TUESDAY.isoformat()).get() == 2
    assert task.delay(today=TUESDAY.isoformat()).get() == 0

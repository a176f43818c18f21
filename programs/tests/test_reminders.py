"""Reminders of care work coming due: reviews to the case lead once an ISO
week, referrals to their receivers once each before the escalation; none
names the child."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification
from portal.tests.factories import UserFactory
from programs.models import Referral
from programs.services import referrals, reminders
from programs.tests.factories_cases import (
    CaseFactory,
    DepartmentFactory,
    ReferralFactory,
    ReviewFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REVIEW_DUE, REFERRAL_DUE = "programs.review_due", "programs.referral_due"
MONDAY = datetime.date(2026, 11, 30)  # ISO week 2026-W49


@pytest.fixture
def case(city, people):
    return CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        consented=True,
        approved_by=people.school_leader,
    )


def review(case, days):
    return ReviewFactory(case=case, due_on=MONDAY + datetime.timedelta(days=days))


def test_the_lead_gets_one_reminder_for_reviews_due_and_overdue(case, city, people):
    review(case, 3)
    other = CaseFactory(
        student=city.student_2,
        lead=people.counsellor,
        active=True,
        approved_by=people.school_leader,
    )
    review(other, -2)

    assert reminders.send_review_reminders(today=MONDAY) == 1

    [reminder] = Notification.objects.filter(kind=REVIEW_DUE)
    assert reminder.recipient == people.counsellor
    assert reminder.title == "2 care-plan reviews due this week, 1 overdue"
    assert f"Care plan #{case.pk}: review due on 2026-12-03" in reminder.body
    assert f"Care plan #{other.pk}: review was due on 2026-11-28, 2 days ago" in reminder.body
    assert reminder.url == reverse("programs:cases") + "?mine=1"
    assert reminder.subject_key == "reviews:2026-W49"
    assert "李明" not in reminder.title + reminder.body and "王芳" not in reminder.body


def test_one_plan_links_to_the_plan(case):
    review(case, 0)

    reminders.send_review_reminders(today=MONDAY)

    assert Notification.objects.get(kind=REVIEW_DUE).url == reverse(
        "programs:case-detail", args=[case.pk]
    )


def test_a_review_far_off_or_done_or_of_a_closed_plan_reminds_nobody(case, city, people):
    review(case, 8)
    ReviewFactory(case=case, due_on=MONDAY, done_on=MONDAY)
    closed = CaseFactory(student=city.student_2, lead=people.head_teacher, closed=True)
    ReviewFactory(case=closed, due_on=MONDAY)

    assert reminders.send_review_reminders(today=MONDAY) == 0
    assert not Notification.objects.filter(kind=REVIEW_DUE).exists()


def test_reviews_remind_once_a_week_however_often_the_task_runs(case):
    review(case, 1)

    runs = [reminders.send_review_reminders(today=MONDAY + datetime.timedelta(d)) for d in range(7)]
    next_week = reminders.send_review_reminders(today=MONDAY + datetime.timedelta(7))

    assert runs == [1, 0, 0, 0, 0, 0, 0]
    assert next_week == 1  # still not done: the next week's reminder
    assert Notification.objects.filter(kind=REVIEW_DUE).count() == 2


@pytest.fixture
def liaison(db):
    return UserFactory(username="civil", name="民政联络员")


@pytest.fixture
def referral(case, people, liaison):
    department = DepartmentFactory(name="青秀区民政局", liaisons=[liaison])
    return referrals.send_referral(
        case=case,
        by=people.counsellor,
        to_department=department,
        reason="监护缺失",
        asked="请入户核实",
        escalate_after_days=5,
    )


def at(referral, **waited):
    return referral.sent_at + datetime.timedelta(**waited)


def test_the_receiver_is_reminded_once_when_the_answer_is_soon_due(referral, liaison, people):
    assert reminders.send_referral_reminders(now=at(referral, days=2)) == 0
    assert reminders.send_referral_reminders(now=at(referral, days=3, hours=1)) == 1
    assert reminders.send_referral_reminders(now=at(referral, days=4)) == 0

    [reminder] = Notification.objects.filter(kind=REFERRAL_DUE)
    assert reminder.recipient == liaison
    assert reminder.title.startswith(f"Referral #{referral.pk} is due for an answer by ")
    assert reminder.url == reverse("programs:referral-detail", args=[referral.pk])
    assert reminder.due_at == at(referral, days=5)
    assert "李明" not in reminder.title + reminder.body


def test_an_overdue_or_answered_referral_is_left_to_the_escalation(referral, liaison):
    assert reminders.send_referral_reminders(now=at(referral, days=5, minutes=1)) == 0

    referrals.accept_referral(referral=referral, by=liaison)
    assert reminders.send_referral_reminders(now=at(referral, days=4)) == 0
    assert not Notification.objects.filter(kind=REFERRAL_DUE).exists()


def test_an_escalated_referral_gets_no_reminder(referral):
    Referral.objects.filter(pk=referral.pk).update(escalated_at=timezone.now())

    assert reminders.send_referral_reminders(now=at(referral, days=4)) == 0


def test_a_referral_to_an_organisation_reminds_the_case_lead(case, people):
    referral = ReferralFactory(case=case, escalate_after_days=3)

    assert reminders.send_referral_reminders(now=at(referral, days=2)) == 1
    assert Notification.objects.get(kind=REFERRAL_DUE).recipient == people.counsellor


def test_the_tasks_run(case, referral):
    from programs.tasks import send_referral_reminders, send_review_reminders

    review(case, 0)
    assert send_review_reminders.delay(today=MONDAY.isoformat()).get() == 1
    assert send_review_reminders.delay(today=MONDAY.isoformat()).get() == 0
    assert send_referral_reminders.delay(days_ahead=10).get() == 1
    assert send_referral_reminders.delay(days_ahead=10).get() == 0

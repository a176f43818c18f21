"""A referral left unanswered past its days is escalated once: the case
lead, the school's leader, the district and the receiver are told. A
second run, or two workers at the same moment, escalate nothing twice;
the negative control escalates the naive way (read the overdue list,
then write) under the same race and escalates twice, which shows the
concurrency test can fail."""

import datetime
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from portal.audit import trail_of
from portal.models import AuditEntry, Notification, Role
from portal.tests.factories import UserFactory, assign
from programs.models import CaseTeamMember, Referral
from programs.selectors.cases import history_of
from programs.services import referrals
from programs.tests.factories_cases import (
    CaseFactory,
    DepartmentFactory,
    OrganisationFactory,
    db_state,
    steps_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ESCALATED = "programs.referral_escalated"


@pytest.fixture
def case(city, people):
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        consented=True,
        approved_by=people.school_leader,
    )
    CaseTeamMember.objects.create(case=case, user=people.head_teacher, part="teacher")
    return case


@pytest.fixture
def liaison(db):
    return UserFactory(username="civil-affairs-liaison", name="民政联络员")


def send(case, by, **extra):
    return referrals.send_referral(
        case=case, by=by, reason="监护缺失", asked="请协助入户核实监护情况", **extra
    )


@pytest.fixture
def referral(case, people, liaison):
    department = DepartmentFactory(name="青秀区民政局", liaisons=[liaison])
    return send(case, people.counsellor, to_department=department)


def after(referral, **waited) -> datetime.datetime:
    return referral.sent_at + datetime.timedelta(**waited)


def escalations(referral) -> int:
    return steps_of(referral).count("referral_escalated")


def test_nothing_is_escalated_before_its_days_have_passed(referral):
    before = db_state()
    assert referrals.escalate_unanswered_referrals(now=after(referral, days=4, hours=23)) == 0
    assert db_state() == before


def test_an_unanswered_referral_tells_the_lead_school_district_and_receiver(
    referral, people, city, liaison
):
    other_leader = UserFactory(username="other-leader")
    assign(other_leader, Role.SCHOOL_LEADER, school=city.other_school)
    now = after(referral, days=5)

    assert referrals.escalate_unanswered_referrals(now=now) == 1

    referral.refresh_from_db()
    assert referral.escalated_at == now
    told = Notification.objects.filter(kind=ESCALATED)
    assert {n.recipient for n in told} == {
        people.counsellor,
        people.school_leader,
        people.district_officer,
        liaison,
    }
    assert told.count() == 4
    assert {n.url for n in told} == {reverse("programs:referral-detail", args=[referral.pk])}
    assert "5 days" in told.first().title
    entry = trail_of(referral).first()
    assert entry.detail == {"step": "referral_escalated"} and entry.user is None


def test_the_escalation_shows_in_the_cases_history(referral, case):
    referrals.escalate_unanswered_referrals(now=after(referral, days=5))
    entry = trail_of(case).first()
    assert entry.detail == {"step": "referral_escalated", "referral": referral.pk}
    assert history_of(case)[0].step_label == "Unanswered referral escalated"


def test_running_it_again_escalates_nothing_twice(referral):
    now = after(referral, days=6)
    assert referrals.escalate_unanswered_referrals(now=now) == 1
    state = db_state()
    assert referrals.escalate_unanswered_referrals(now=now) == 0
    assert referrals.escalate_unanswered_referrals(now=after(referral, days=20)) == 0
    assert db_state() == state
    assert escalations(referral) == 1


def test_answered_referrals_are_not_escalated(referral, liaison):
    referrals.accept_referral(referral=referral, by=liaison)
    assert referrals.escalate_unanswered_referrals(now=after(referral, days=30)) == 0
    assert not Notification.objects.filter(kind=ESCALATED).exists()


def test_each_referral_waits_its_own_days(case, people, city):
    quick = send(
        case,
        people.counsellor,
        to_organisation=OrganisationFactory(district=city.qingxiu),
        escalate_after_days=2,
    )
    slow = send(
        case,
        people.counsellor,
        to_organisation=OrganisationFactory(district=city.qingxiu),
        escalate_after_days=10,
    )
    assert referrals.escalate_unanswered_referrals(now=after(slow, days=3)) == 1
    assert (escalations(quick), escalations(slow)) == (1, 0)
    assert referrals.escalate_unanswered_referrals(now=after(slow, days=10)) == 1
    assert escalations(slow) == 1


# --- Two workers at the same moment ------------------------------------------

WORKERS = 4
REFERRALS = 6


@pytest.fixture
def many(city, people):
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        consented=True,
        approved_by=people.school_leader,
    )
    sent = [
        send(
            case,
            people.counsellor,
            to_department=DepartmentFactory(liaisons=[UserFactory(username=f"liaison-{n}")]),
        )
        for n in range(REFERRALS)
    ]
    return sent, max(r.sent_at for r in sent) + datetime.timedelta(days=5)


def run_at_once(work) -> list:
    """Run `work()` in several threads released together; returns what each
    returned, or the exception it raised."""
    barrier = threading.Barrier(WORKERS)
    results = []
    lock = threading.Lock()

    def runner():
        try:
            barrier.wait()
            result = work()
        except Exception as exc:  # noqa: BLE001 — shown in the assertion
            result = exc
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=runner) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def escalated_rows() -> int:
    """Escalations written on referrals (each also writes one on its case)."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Referral),
        detail__step="referral_escalated",
    ).count()


@pytest.mark.django_db(transaction=True)
def test_workers_at_the_same_moment_escalate_each_referral_once(many):
    sent, now = many

    results = run_at_once(lambda: referrals.escalate_unanswered_referrals(now=now))

    assert sum(results) == REFERRALS, results
    assert escalated_rows() == REFERRALS
    assert all(escalations(referral) == 1 for referral in sent)
    assert not Referral.objects.filter(escalated_at__isnull=True).exists()


def naive_escalate(now) -> int:
    """Read the overdue list, then write: the version the service must not be."""
    overdue = list(referrals.overdue_referrals(now).select_related("case__lead"))
    time.sleep(0.2)  # the window in which another worker reads the same list
    for referral in overdue:
        with transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(escalated_at=now)
            referrals._escalate(referral)
    return len(overdue)


@pytest.mark.django_db(transaction=True)
def test_negative_control_read_then_write_escalates_twice(many):
    sent, now = many

    results = run_at_once(lambda: naive_escalate(now))

    assert all(isinstance(result, int) for result in results), results
    assert sum(results) > REFERRALS
    assert escalated_rows() > REFERRALS

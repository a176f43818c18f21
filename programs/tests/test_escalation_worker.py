"""The beat task that escalates unanswered referrals, run by a real Celery
worker against Redis: queued twice (beat firing twice), it escalates the
referral once and e-mails each person once."""

import datetime
import time

import pytest
from django.utils import timezone

from community.models import Department
from portal.models import Delivery, Notification
from portal.tests.celery_worker import running_worker, wait_for
from portal.tests.factories import UserFactory
from portal.tests.helpers import mails_in
from programs.models import Referral
from programs.services import referrals
from programs.tests.factories_cases import CaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


@pytest.fixture
def worker(tmp_path):
    with running_worker(tmp_path / "mail") as mail:
        yield mail


def test_a_real_worker_escalates_an_unanswered_referral_once(worker, city, people):
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        consented=True,
        approved_by=people.school_leader,
    )
    department = Department.objects.create(name="青秀区民政局", kind="civil_affairs")
    department.liaisons.add(UserFactory(username="civil", email="civil@example.cn"))
    referral = referrals.send_referral(
        case=case, by=people.counsellor, to_department=department, reason="无人照看", asked="请核实"
    )
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=6)
    )
    from programs.tasks import escalate_unanswered_referrals

    escalate_unanswered_referrals.delay()
    escalate_unanswered_referrals.delay()

    escalated = Notification.objects.filter(kind="programs.referral_escalated")

    def all_mailed():
        return (
            escalated.exists()
            and not Delivery.objects.filter(notification__in=escalated)
            .exclude(status=Delivery.Status.SENT)
            .exists()
        )

    assert wait_for(all_mailed), "the worker did not escalate in time"
    time.sleep(2)  # the second task's chance to (wrongly) escalate again
    recipients = list(escalated.values_list("recipient__username", flat=True))
    assert sorted(recipients) == sorted({"lu", "liang", "deng", "civil"})
    assert Referral.objects.get(pk=referral.pk).escalated_at is not None
    mails = mails_in(worker)
    # One message per e-mail sent: the referral's notice and the escalations, none twice.
    sent = Delivery.objects.filter(channel="email", status=Delivery.Status.SENT)
    assert len(mails) == sent.count() == escalated.count() + 1

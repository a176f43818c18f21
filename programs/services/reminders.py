"""Reminders of care work coming due: plan reviews to their case lead, once a
week, and referrals about to run out of days to their receivers, once each.

A referral past its days is escalated by `referrals.escalate_unanswered_referrals`,
which also reminds the receiver; the reminder here comes before that and
never after, so nobody is told twice. Messages name the plan or the referral
by number and link to it: an e-mail or text leaves the portal, the child's
name does not.
"""

from __future__ import annotations

import datetime

from django.db.models import DurationField, ExpressionWrapper, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import notify
from portal.models import Notification
from programs.models import CaseStatus, Referral, ReferralStatus, Review

from .referrals import receivers_of

REVIEW_DUE = notify.register_kind(
    "programs.review_due", _("Reviews of the care plans I lead coming due or overdue")
)
REFERRAL_DUE = notify.register_kind(
    "programs.referral_due", _("Referrals to me that are soon due for an answer")
)

REVIEW_DAYS_AHEAD = 7


def reviews_coming_due(today: datetime.date):
    return (
        Review.objects.filter(
            done_on__isnull=True,
            case__status=CaseStatus.ACTIVE,
            due_on__lte=today + datetime.timedelta(days=REVIEW_DAYS_AHEAD),
        )
        .select_related("case__lead")
        .order_by("case__lead_id", "due_on", "pk")
    )


def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Tell each case lead, once in an ISO week, which of their plans' reviews
    are due within a week or overdue; returns how many reminders are new."""
    today = today or timezone.localdate()
    week, monday = notify.iso_week(today)
    subject_key = f"reviews:{week}"
    reminded = Notification.objects.filter(kind=REVIEW_DUE.key, subject_key=subject_key).values(
        "recipient_id"
    )
    by_lead: dict[int, list[Review]] = {}
    for review in reviews_coming_due(today).exclude(case__lead__in=reminded):
        by_lead.setdefault(review.case.lead_id, []).append(review)
    created = 0
    for reviews in by_lead.values():
        lead = reviews[0].case.lead
        if lead.is_active and _remind_lead(lead, reviews, today, subject_key, monday):
            created += 1
    return created


def _review_line(review: Review, today: datetime.date) -> str:
    values = {"pk": review.case_id, "date": review.due_on.isoformat()}
    if review.due_on < today:
        values["days"] = (today - review.due_on).days
        return gettext("Care plan #%(pk)d: review was due on %(date)s, %(days)d days ago") % values
    return gettext("Care plan #%(pk)d: review due on %(date)s") % values


def _remind_lead(lead, reviews: list[Review], today, subject_key, monday):
    overdue = sum(review.due_on < today for review in reviews)
    if len(reviews) == 1:
        url = reverse("programs:case-detail", args=[reviews[0].case_id])
    else:
        url = reverse("programs:cases") + "?mine=1"
    return notify.notify(
        kind=REVIEW_DUE.key,
        recipient=lead,
        subject_key=subject_key,
        title=gettext("%(count)d care-plan reviews due this week, %(overdue)d overdue")
        % {"count": len(reviews), "overdue": overdue},
        body="\n".join(_review_line(review, today) for review in reviews),
        url=url,
        due_at=monday,
    )


def deadline_of(referral: Referral) -> datetime.datetime:
    return referral.sent_at + datetime.timedelta(days=referral.escalate_after_days)


def referrals_coming_due(now: datetime.datetime, within: datetime.timedelta):
    """Sent, unanswered, not escalated, with their days running out within
    `within` but not yet run out (those are the escalation's)."""
    left = ExpressionWrapper(
        F("escalate_after_days") * datetime.timedelta(days=1) - (now - F("sent_at")),
        output_field=DurationField(),
    )
    return (
        Referral.objects.filter(
            status=ReferralStatus.SENT, escalated_at__isnull=True, case__status=CaseStatus.ACTIVE
        )
        .annotate(left=left)
        .filter(left__gt=datetime.timedelta(0), left__lte=within)
        .select_related("case__lead", "to_department", "to_volunteer__account")
        .order_by("sent_at", "pk")
    )


def send_referral_reminders(*, now: datetime.datetime | None = None, days_ahead: int = 2) -> int:
    """Remind the receivers of each referral due for an answer within
    `days_ahead` days, once per referral; an organisation has no accounts,
    so its case lead, who records its answer, is reminded instead."""
    now = now or timezone.now()
    created = 0
    for referral in referrals_coming_due(now, datetime.timedelta(days=days_ahead)):
        deadline = deadline_of(referral)
        for person in receivers_of(referral) or [referral.case.lead]:
            if notify.notify(
                kind=REFERRAL_DUE.key,
                recipient=person,
                subject_key=f"referral:{referral.pk}:due",
                title=gettext("Referral #%(pk)d is due for an answer by %(time)s")
                % {"pk": referral.pk, "time": f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}"},
                body=gettext(
                    "Please accept or decline it before then; after that it is escalated to "
                    "the school and the district."
                ),
                url=reverse("programs:referral-detail", args=[referral.pk]),
                due_at=deadline,
            ):
                created += 1
    return created

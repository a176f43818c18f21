"""Referrals (转介): the case team asks a department, an organisation or a
volunteer for a service; the receiver accepts or declines with a reason,
records the service given and so closes the loop. A referral left
unanswered past its days is escalated, once."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Department, Organisation, Volunteer
from portal import notify
from portal.models import Role, User
from portal.selectors import holders_of
from programs.models import Case, CaseStatus, Referral, ReferralStatus

from . import history
from .cases import may_manage, may_work_on
from .errors import ProgramsError

REFERRAL_TO_ME = notify.register_kind(
    "programs.referral_to_me", gettext_lazy("Referrals sent to me or my department")
)
REFERRAL_ANSWERED = notify.register_kind(
    "programs.referral_answered", gettext_lazy("Answers to the referrals of my cases")
)
REFERRAL_ESCALATED = notify.register_kind(
    "programs.referral_escalated", gettext_lazy("Referrals left unanswered")
)


def receivers_of(referral: Referral) -> list[User]:
    """The people who answer for the receiver. An organisation has no
    accounts; its answers are recorded by the case lead, who phones it."""
    if referral.to_department_id:
        return list(referral.to_department.liaisons.filter(is_active=True).order_by("pk"))
    if referral.to_volunteer_id and referral.to_volunteer.account_id:
        return [referral.to_volunteer.account]
    return []


def may_answer(user, referral: Referral) -> bool:
    receivers = receivers_of(referral)
    if receivers:
        return any(person.pk == user.pk for person in receivers)
    return may_manage(user, referral.case)


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "to_department", "to_volunteer", "to_organisation")
        .get(pk=referral.pk)
    )


def _url(referral: Referral) -> str:
    return reverse("programs:referral-detail", args=[referral.pk])


@transaction.atomic
def send_referral(
    *,
    case: Case,
    by: User,
    reason: str,
    asked: str,
    to_department: Department | None = None,
    to_organisation: Organisation | None = None,
    to_volunteer: Volunteer | None = None,
    escalate_after_days: int = 5,
) -> Referral:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_work_on(by, case):
        raise ProgramsError(_("Only the case team sends referrals."))
    if case.status != CaseStatus.ACTIVE:
        raise ProgramsError(_("Referrals are sent from an approved, active plan."))
    receivers = [r for r in (to_department, to_organisation, to_volunteer) if r is not None]
    if len(receivers) != 1:
        raise ProgramsError(
            _("Refer to exactly one department, organisation or volunteer."), field="receiver"
        )
    if case.consent_recorded_at is None:
        raise ProgramsError(
            _(
                "A referral shares the child's data outside the school: record the guardian's "
                "consent first."
            ),
            field="receiver",
        )
    reason, asked = (reason or "").strip(), (asked or "").strip()
    if not reason:
        raise ProgramsError(_("Say why the family is referred."), field="reason")
    if not asked:
        raise ProgramsError(_("Say what the receiver is asked to do."), field="asked")
    if not _serves(case, to_department, to_organisation, to_volunteer):
        raise ProgramsError(
            _("Refer to an active receiver that serves the child's district or the whole city."),
            field="receiver",
        )
    try:
        escalate_after_days = int(escalate_after_days)
    except (TypeError, ValueError):
        escalate_after_days = 0
    if not 1 <= escalate_after_days <= 30:
        raise ProgramsError(
            _("Escalate after 1 to 30 days without an answer."), field="escalate_after_days"
        )
    if Referral.objects.filter(
        case=case,
        status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
        to_department=to_department,
        to_organisation=to_organisation,
        to_volunteer=to_volunteer,
    ).exists():
        raise ProgramsError(
            _("This case already has an open referral to the same receiver."), field="receiver"
        )
    if not case.shares_with_partners:
        case.shares_with_partners = True
        case.save(update_fields=["shares_with_partners"])
    referral = Referral.objects.create(
        case=case,
        to_department=to_department,
        to_organisation=to_organisation,
        to_volunteer=to_volunteer,
        reason=reason,
        asked=asked,
        sent_by=by,
        escalate_after_days=int(escalate_after_days),
    )
    history.changed(
        user=by, obj=referral, district_id=case.district_id, step="referral_sent", created=True
    )
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="referral_sent", referral=referral.pk
    )
    for person in receivers_of(referral):
        notify.notify(
            kind=REFERRAL_TO_ME.key,
            recipient=person,
            subject_key=f"referral:{referral.pk}",
            title=_("A family is referred to you for support"),
            url=_url(referral),
        )
    return referral


def _serves(case: Case, department, organisation, volunteer) -> bool:
    if department is not None:
        return department.district_id in (None, case.district_id)
    if organisation is not None:
        return organisation.is_active and organisation.district_id in (None, case.district_id)
    return volunteer.is_active and volunteer.districts.filter(pk=case.district_id).exists()


def _answer(referral: Referral, by: User, status: str, answer: str, step: str) -> Referral:
    referral = _locked(referral)
    if not may_answer(by, referral):
        raise ProgramsError(_("Only the receiver of the referral answers it."))
    if referral.status != ReferralStatus.SENT:
        raise ProgramsError(_("This referral has already been answered."))
    referral.status = status
    referral.answered_by = by
    referral.answered_at = timezone.now()
    referral.answer = answer
    referral.save(update_fields=["status", "answered_by", "answered_at", "answer"])
    district_id = referral.case.district_id
    history.changed(user=by, obj=referral, district_id=district_id, step=step)
    history.changed(
        user=by, obj=referral.case, district_id=district_id, step=step, referral=referral.pk
    )
    _tell_team(referral, step)
    return referral


def _tell_team(referral: Referral, step: str) -> None:
    titles = {
        "referral_accepted": _("Your referral was accepted"),
        "referral_declined": _("Your referral was declined"),
        "referral_closed": _("The service asked for in your referral was given"),
    }
    for person in {referral.sent_by, referral.case.lead}:
        notify.notify(
            kind=REFERRAL_ANSWERED.key,
            recipient=person,
            subject_key=f"referral:{referral.pk}:{step}",
            title=titles[step],
            url=_url(referral),
        )


@transaction.atomic
def accept_referral(*, referral: Referral, by: User, note: str = "") -> Referral:
    return _answer(referral, by, ReferralStatus.ACCEPTED, (note or "").strip(), "referral_accepted")


@transaction.atomic
def decline_referral(*, referral: Referral, by: User, reason: str) -> Referral:
    reason = (reason or "").strip()
    if not reason:
        raise ProgramsError(_("Say why the referral is declined."), field="reason")
    return _answer(referral, by, ReferralStatus.DECLINED, reason, "referral_declined")


@transaction.atomic
def record_service(*, referral: Referral, by: User, service_given: str) -> Referral:
    """The receiver says what it did; the loop is closed."""
    referral = _locked(referral)
    if not may_answer(by, referral):
        raise ProgramsError(_("Only the receiver of the referral records the service given."))
    if referral.status != ReferralStatus.ACCEPTED:
        raise ProgramsError(_("Only an accepted referral can be closed with the service given."))
    service_given = (service_given or "").strip()
    if not service_given:
        raise ProgramsError(_("Say what service was given."), field="service_given")
    referral.status = ReferralStatus.CLOSED
    referral.service_given = service_given
    referral.closed_at = timezone.now()
    referral.save(update_fields=["status", "service_given", "closed_at"])
    district_id = referral.case.district_id
    history.changed(user=by, obj=referral, district_id=district_id, step="referral_closed")
    history.changed(
        user=by,
        obj=referral.case,
        district_id=district_id,
        step="referral_closed",
        referral=referral.pk,
    )
    _tell_team(referral, "referral_closed")
    return referral


def overdue_referrals(now: datetime.datetime):
    """Sent, unanswered and past their days, not yet escalated."""
    waited = ExpressionWrapper(now - F("sent_at"), output_field=DurationField())
    return (
        Referral.objects.filter(
            status=ReferralStatus.SENT, escalated_at__isnull=True, case__status=CaseStatus.ACTIVE
        )
        .annotate(waited=waited)
        .filter(waited__gte=F("escalate_after_days") * datetime.timedelta(days=1))
    )


def escalate_unanswered_referrals(*, now: datetime.datetime | None = None) -> int:
    """Claim each overdue referral with a conditional update, then tell the
    case lead, the school leader and the district and remind the receiver:
    a second run, or two workers at once, escalate nothing twice."""
    now = now or timezone.now()
    escalated = 0
    for referral_id in list(overdue_referrals(now).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Referral.objects.filter(
                pk=referral_id, status=ReferralStatus.SENT, escalated_at__isnull=True
            ).update(escalated_at=now)
            if not claimed:
                continue
            referral = Referral.objects.select_related("case", "case__lead").get(pk=referral_id)
            _escalate(referral)
            escalated += 1
    return escalated


def _escalate(referral: Referral) -> None:
    case = referral.case
    history.changed(
        user=None, obj=referral, district_id=case.district_id, step="referral_escalated"
    )
    history.changed(
        user=None,
        obj=case,
        district_id=case.district_id,
        step="referral_escalated",
        referral=referral.pk,
    )
    people = {case.lead, *receivers_of(referral)}
    people |= set(holders_of((Role.SCHOOL_LEADER,), school_id=case.school_id))
    people |= set(holders_of((Role.DISTRICT_OFFICER,), district_id=case.district_id))
    days = referral.escalate_after_days
    for person in people:
        notify.notify(
            kind=REFERRAL_ESCALATED.key,
            recipient=person,
            subject_key=f"referral:{referral.pk}:escalated",
            title=_("A referral has had no answer for %(days)d days") % {"days": days},
            url=_url(referral),
        )

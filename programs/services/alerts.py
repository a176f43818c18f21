"""The mental-health ladder: prevention → early warning → crisis
intervention. A concern from a home visit, a counselling request or a
screening result raises an alert; the school's counsellors receive it,
move it up or down the ladder and link it to the child's plan. A crisis
tells the school's designated people and the district at once, with an
urgent notice nobody can turn off, and opens or escalates the plan.
Every step and who took it is kept."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access, concerns, notify
from portal.models import Role, User
from portal.selectors import holders_of
from programs.access_rules import ALERT_HANDLERS
from programs.models import (
    Alert,
    AlertLevel,
    AlertSource,
    AlertStatus,
    AlertStep,
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    RiskLevel,
)
from schools.models import Student

from . import cases, history
from .errors import ProgramsError

ALERT_RAISED = notify.register_kind(
    "programs.alert_raised", gettext_lazy("Alerts about children of my school")
)
CRISIS = notify.register_kind(
    "programs.crisis", gettext_lazy("Crisis alerts (urgent, always sent)"), urgent=True
)
CONCERN_RECEIVED = notify.register_kind(
    "programs.concern_received", gettext_lazy("Concerns I reported were received")
)

LADDER = [AlertLevel.PREVENTION, AlertLevel.EARLY_WARNING, AlertLevel.CRISIS]
RISK_FOR_LEVEL = {
    AlertLevel.PREVENTION: RiskLevel.LOW,
    AlertLevel.EARLY_WARNING: RiskLevel.MEDIUM,
    AlertLevel.CRISIS: RiskLevel.CRISIS,
}
# Who is told of a new alert below crisis: the people who receive it.
RECEIVERS = (Role.COUNSELLOR,)
# The school's designated people and the district, for a crisis.
CRISIS_SCHOOL_ROLES = (Role.COUNSELLOR, Role.SCHOOL_LEADER)
CRISIS_DISTRICT_ROLES = (Role.DISTRICT_OFFICER,)


def may_handle(user, alert: Alert) -> bool:
    return access.may_create(
        user,
        Alert,
        district_id=alert.district_id,
        school_id=alert.school_id,
        roles=ALERT_HANDLERS,
    )


def _url(alert: Alert) -> str:
    return reverse("programs:alert-detail", args=[alert.pk])


def _step(alert: Alert, by: User, action: str, note: str = "") -> AlertStep:
    step = AlertStep.objects.create(alert=alert, by=by, action=action, level=alert.level, note=note)
    history.changed(
        user=by, obj=alert, district_id=alert.district_id, step=f"alert_{action}", step_id=step.pk
    )
    return step


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("student").get(pk=alert.pk)


@transaction.atomic
def raise_alert(
    *,
    student: Student,
    level: str,
    source: str,
    raised_by: User,
    note: str,
    source_id: str = "",
    check_scope: bool = True,
) -> Alert:
    """Raise an alert for one child, once per source record: a visit saved
    again, or a retried task, returns the alert that exists."""
    if level not in AlertLevel.values:
        raise ProgramsError(_("Choose the level of the alert."), field="level")
    if source not in AlertSource.values:
        raise ProgramsError(_("Choose where the concern comes from."), field="source")
    note = (note or "").strip()
    if not note:
        raise ProgramsError(_("Describe what was seen or found."), field="note")
    if check_scope and not access.visible(raised_by, Student).filter(pk=student.pk).exists():
        raise ProgramsError(
            _("You can raise alerts only for children you work with."), field="student"
        )
    if source_id:
        existing = Alert.objects.filter(source=source, source_id=source_id).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                student=student,
                school_id=student.school_id,
                district_id=student.district_id,
                level=level,
                source=source,
                source_id=source_id,
                raised_by=raised_by,
            )
    except IntegrityError:
        # The same record reported twice at the same moment: the first won.
        return Alert.objects.get(source=source, source_id=source_id)
    _step(alert, raised_by, "raised", note)
    if level == AlertLevel.CRISIS:
        _crisis(alert, raised_by)
    else:
        _tell_receivers(alert)
    return alert


def _tell_receivers(alert: Alert) -> None:
    for person in holders_of(RECEIVERS, school_id=alert.school_id):
        if person.pk == alert.raised_by_id:
            continue
        notify.notify(
            kind=ALERT_RAISED.key,
            recipient=person,
            subject_key=f"alert:{alert.pk}",
            title=_("New alert (%(level)s) about a child of your school")
            % {"level": alert.get_level_display()},
            url=_url(alert),
        )


def _crisis(alert: Alert, by: User) -> None:
    people = list(holders_of(CRISIS_SCHOOL_ROLES, school_id=alert.school_id))
    people += list(holders_of(CRISIS_DISTRICT_ROLES, district_id=alert.district_id))
    for person in dict.fromkeys(people):
        notify.notify(
            kind=CRISIS.key,
            recipient=person,
            subject_key=f"alert:{alert.pk}:crisis",
            title=_("Crisis alert: a child of %(school)s needs help now")
            % {"school": alert.student.school.name},
            url=_url(alert),
        )
    case = _open_or_escalate_plan(alert, by)
    note = (
        _("Urgent notice sent to %(count)d people; plan #%(case)d is at crisis level.")
        % {"count": len(set(people)), "case": case.pk}
        if case
        else _("Urgent notice sent to %(count)d people; nobody at the school can lead a plan yet.")
        % {"count": len(set(people))}
    )
    _step(alert, by, "crisis", note)


def _open_case_of(alert: Alert) -> Case | None:
    """The child's open case: the individual plan before family support."""
    open_cases = Case.objects.filter(
        student_id=alert.student_id, status__in=cases.OPEN_STATUSES
    ).order_by("-created_at")
    return open_cases.filter(kind=CaseKind.INDIVIDUAL_PLAN).first() or open_cases.first()


def _open_or_escalate_plan(alert: Alert, by: User) -> Case | None:
    # A plan closed since the alert was linked to it is not the child's plan
    # any more: a crisis must not change a closed case and leave the child
    # without an open one.
    linked = alert.case if alert.case and alert.case.status in cases.OPEN_STATUSES else None
    case = linked or _open_case_of(alert)
    if case is None:
        lead = _crisis_lead(alert, by)
        if lead is None:
            return None
        case = cases.open_case(
            opened_by=by,
            student=alert.student,
            kind=CaseKind.INDIVIDUAL_PLAN,
            categories=[CaseCategory.PSYCHOLOGICAL_RISK],
            risk_level=RiskLevel.CRISIS,
            summary=_("Opened by crisis alert #%(alert)d.") % {"alert": alert.pk},
            lead=lead,
            check_opener=False,
        )
    elif case.risk_level != RiskLevel.CRISIS:
        Case.objects.filter(pk=case.pk).update(risk_level=RiskLevel.CRISIS)
        case.risk_level = RiskLevel.CRISIS
        history.changed(
            user=by, obj=case, district_id=case.district_id, step="risk", fields=["risk_level"]
        )
    _link(alert, case, by)
    return case


def _crisis_lead(alert: Alert, by: User) -> User | None:
    """Whoever escalates leads the plan if they may; else the school's
    first counsellor, its leader, or a district case worker."""
    if cases.may_open(by, alert.student):
        return by
    for roles, place in (
        ((Role.COUNSELLOR,), {"school_id": alert.school_id}),
        ((Role.SCHOOL_LEADER,), {"school_id": alert.school_id}),
        ((Role.CASE_WORKER,), {"district_id": alert.district_id}),
    ):
        person = holders_of(roles, **place).first()
        if person is not None:
            return person
    return None


def _link(alert: Alert, case: Case, by: User) -> None:
    if alert.case_id == case.pk:
        return
    alert.case = case
    alert.save(update_fields=["case"])
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="alert_linked", alert=alert.pk
    )


@transaction.atomic
def acknowledge_alert(*, alert: Alert, by: User, note: str = "") -> Alert:
    """Received: the person who raised it is told, and sees no more than that."""
    alert = _locked(alert)
    if not may_handle(by, alert):
        raise ProgramsError(
            _("Only the school's counsellors, its leader or the district handle alerts.")
        )
    if alert.status != AlertStatus.OPEN:
        raise ProgramsError(_("This alert has already been received."))
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.save(update_fields=["status"])
    _step(alert, by, "received", (note or "").strip())
    _tell_raiser(alert)
    return alert


def _tell_raiser(alert: Alert) -> None:
    """Told once, whichever step first takes the alert in hand."""
    notify.notify(
        kind=CONCERN_RECEIVED.key,
        recipient=alert.raised_by,
        subject_key=f"alert:{alert.pk}:received",
        title=_("The concern you reported was received and is being handled"),
        url=reverse("programs:my-alerts"),
    )


@transaction.atomic
def change_level(*, alert: Alert, by: User, level: str, note: str) -> Alert:
    alert = _locked(alert)
    if not may_handle(by, alert):
        raise ProgramsError(
            _("Only the school's counsellors, its leader or the district handle alerts.")
        )
    if alert.status == AlertStatus.CLOSED:
        raise ProgramsError(_("This alert is closed."))
    if level not in AlertLevel.values:
        raise ProgramsError(_("Choose the level of the alert."), field="level")
    if level == alert.level:
        raise ProgramsError(_("The alert is already at this level."), field="level")
    note = (note or "").strip()
    if not note:
        raise ProgramsError(_("Say why the level changes."), field="note")
    up = LADDER.index(level) > LADDER.index(alert.level)
    received = alert.status == AlertStatus.OPEN
    alert.level = level
    if received:
        alert.status = AlertStatus.ACKNOWLEDGED
    alert.save(update_fields=["level", "status"])
    _step(alert, by, "escalated" if up else "lowered", note)
    if received:
        _tell_raiser(alert)
    if level == AlertLevel.CRISIS:
        _crisis(alert, by)
    return alert


@transaction.atomic
def open_plan_for_alert(*, alert: Alert, by: User) -> Case:
    """Link the alert to the child's open plan, or open a draft plan."""
    alert = _locked(alert)
    if not may_handle(by, alert):
        raise ProgramsError(
            _("Only the school's counsellors, its leader or the district handle alerts.")
        )
    if alert.case_id and alert.case.status != CaseStatus.CLOSED:
        raise ProgramsError(_("This alert is already linked to a plan."))
    case = _open_case_of(alert)
    if case is None:
        case = cases.open_case(
            opened_by=by,
            student=alert.student,
            kind=CaseKind.INDIVIDUAL_PLAN,
            categories=[CaseCategory.PSYCHOLOGICAL_RISK],
            risk_level=RISK_FOR_LEVEL[AlertLevel(alert.level)],
            summary=_("Opened from alert #%(alert)d.") % {"alert": alert.pk},
        )
    _link(alert, case, by)
    received = alert.status == AlertStatus.OPEN
    if received:
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.save(update_fields=["status"])
    _step(alert, by, "plan", _("Linked to plan #%(case)d.") % {"case": case.pk})
    if received:
        _tell_raiser(alert)
    return case


@transaction.atomic
def close_alert(*, alert: Alert, by: User, note: str) -> Alert:
    alert = _locked(alert)
    if not may_handle(by, alert):
        raise ProgramsError(
            _("Only the school's counsellors, its leader or the district handle alerts.")
        )
    if alert.status == AlertStatus.CLOSED:
        raise ProgramsError(_("This alert is already closed."))
    note = (note or "").strip()
    if not note:
        raise ProgramsError(_("Say how the alert was resolved."), field="note")
    if alert.level == AlertLevel.CRISIS and alert.case_id is None:
        raise ProgramsError(_("A crisis alert is closed only once the child has a plan."))
    alert.status = AlertStatus.CLOSED
    alert.save(update_fields=["status"])
    _step(alert, by, "closed", note)
    return alert


def handle_concern(concern: concerns.Concern) -> Alert:
    """A concern flagged on a home visit becomes an early-warning alert."""
    return raise_alert(
        student=Student.objects.select_related("school").get(pk=concern.student_id),
        level=AlertLevel.EARLY_WARNING,
        source=concern.source,
        source_id=concern.source_id,
        raised_by=User.objects.get(pk=concern.raised_by_id),
        note=concern.note,
        check_scope=False,
    )

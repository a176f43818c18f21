"""Reads of alerts: the school's queue for those who handle them, the
concerns a person reported (status only), one alert with its steps."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal import access
from programs.models import Alert, AlertStatus, AlertStep
from programs.services import history


def alert_queue(user, *, status: str = "active") -> QuerySet[Alert]:
    """The alerts a person handles (the school's counsellors and leader, the
    district); a teacher who raised one sees it under their own concerns."""
    alerts = (
        access.visible(user, Alert, access.CHANGE)
        .select_related("student__school_class__school", "school", "raised_by")
        .order_by("status", "-raised_at")
    )
    if status == "active":
        return alerts.exclude(status=AlertStatus.CLOSED)
    if status in AlertStatus.values:
        return alerts.filter(status=status)
    return alerts


def my_alerts(user) -> QuerySet[Alert]:
    """What a reporter sees of the concerns they raised: child, level,
    status, when. Not the case, not the steps."""
    return (
        Alert.objects.filter(raised_by_id=user.pk)
        .select_related("student__school_class__school")
        .order_by("-raised_at")
    )


def alert_for(user, pk: int, *, request=None, action: str = access.VIEW) -> Alert:
    """One alert; with CHANGE, only for those who handle it (the reporter
    and the case team read it but act on it elsewhere)."""
    alert = access.get_visible_or_404(
        user,
        Alert.objects.select_related(
            "student__school_class__school", "school", "raised_by", "case"
        ),
        action,
        pk=pk,
    )
    history.read(user=user, obj=alert, district_id=alert.district_id, request=request)
    return alert


STEP_LABELS = {
    "raised": _("Raised"),
    "received": _("Received"),
    "escalated": _("Moved up the ladder"),
    "lowered": _("Moved down the ladder"),
    "crisis": _("Crisis: urgent notice sent"),
    "plan": _("Linked to a plan"),
    "closed": _("Closed"),
}


def steps_of(alert: Alert) -> list[AlertStep]:
    steps = list(alert.steps.select_related("by").order_by("at", "pk"))
    for step in steps:
        step.label = STEP_LABELS.get(step.action, step.action)
    return steps

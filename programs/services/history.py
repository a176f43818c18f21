"""Every read and change of a case, referral or alert goes to the audit
trail; the case page's history is read back from the same rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.models import AuditAction

# The steps a history shows, by the key written in the audit row's detail.
STEPS = {
    "opened": _("Case opened"),
    "changed": _("Case details changed"),
    "team_added": _("Team member added"),
    "team_removed": _("Team member removed"),
    "goal_added": _("Goal added"),
    "goal_status": _("Goal status changed"),
    "follow_up": _("Follow-up logged"),
    "consent": _("Guardian consent recorded"),
    "submitted": _("Plan submitted for approval"),
    "returned": _("Plan returned for changes"),
    "approved": _("Plan approved and active"),
    "review_done": _("Review done"),
    "risk": _("Risk level changed"),
    "closed": _("Case closed"),
    "reopened": _("Case reopened"),
    "referral_sent": _("Referral sent"),
    "referral_accepted": _("Referral accepted"),
    "referral_declined": _("Referral declined"),
    "referral_closed": _("Referral closed with the service given"),
    "referral_escalated": _("Unanswered referral escalated"),
    "alert_linked": _("Alert linked to the case"),
}


def read(*, user, obj, district_id: int, request=None) -> None:
    audit.record(
        user=user, action=AuditAction.VIEW, obj=obj, request=request, district_id=district_id
    )


def read_list(*, user, rows, district_of=lambda row: row.district_id, request=None) -> None:
    audit.record_reads(user=user, rows=rows, district_of=district_of, request=request)


def changed(
    *, user, obj, district_id: int, step: str, fields=(), created: bool = False, **ids
) -> None:
    """One change: `step` names it, `fields` the columns it wrote and `ids`
    the rows it touched; the values themselves are never copied."""
    detail = {"step": step, **ids}
    if fields:
        detail["fields"] = list(fields)
    audit.record(
        user=user,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        obj=obj,
        district_id=district_id,
        detail=detail,
    )


def exported(*, user, obj, district_id: int, request=None) -> None:
    audit.record(
        user=user, action=AuditAction.EXPORT, obj=obj, request=request, district_id=district_id
    )

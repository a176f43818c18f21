"""The one audit service: every read and change of sensitive records (care
cases, referrals, alerts) is written here, by whoever shows or changes them."""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.models import AuditAction, AuditEntry

# The request being served, so that services deep below a view write "from
# where" without every signature carrying the request.
_current_request: ContextVar = ContextVar("tongxin_audit_request", default=None)


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def client_address(request) -> str | None:
    """The address the request came from, as the server saw it. Behind a
    proxy, the proxy must set REMOTE_ADDR (gunicorn's --forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    user,
    action: AuditAction | str,
    obj: models.Model,
    request=None,
    district_id: int | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """Write one audit row. `detail` carries field names and ids, never the
    sensitive values. Without `request`, the one being served is used."""
    request = request if request is not None else _current_request.get()
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=AuditAction(action),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        district_id=district_id,
        detail=detail or {},
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:200] if request else ""),
    )


def trail_of(obj: models.Model):
    """Every audit row about one record, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("user")


def record_reads(*, user, rows, district_of, request=None) -> int:
    """One read row per record a list shows, in one insert: a list of cases
    shows each child and state, so each is read."""
    rows = list(rows)
    if not rows:
        return 0
    request = request if request is not None else _current_request.get()
    by = user if user is not None and user.is_authenticated else None
    address = client_address(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:200] if request else ""
    types = ContentType.objects.get_for_models(
        *{type(row) for row in rows}, for_concrete_models=False
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=by,
            action=AuditAction.VIEW,
            content_type=types[type(row)],
            object_id=str(row.pk),
            district_id=district_of(row),
            detail={"list": True},
            ip_address=address,
            user_agent=agent,
        )
        for row in rows
    )
    return len(rows)

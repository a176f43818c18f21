"""Celery tasks: thin shells around services, taking primary keys."""

from celery import shared_task
from django.utils import timezone

from portal import notify
from portal.models import User


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=30, max_retries=5, acks_late=True)
def deliver_notification(self, notification_id: int) -> int:
    return notify.deliver(notification_id)


@shared_task(acks_late=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    """A batch from notify.batched_deliveries(); a failed send is retried alone."""
    sent, failed = notify.deliver_many(notification_ids)
    for notification_id in failed:
        deliver_notification.apply_async((notification_id,), countdown=30)
    return sent


@shared_task
def send_daily_digests() -> int:
    today = timezone.localdate()
    sent = 0
    with notify.batched_deliveries():
        for user in User.objects.filter(pk__in=notify.users_with_deferred()):
            if notify.send_digest(user=user, day=today):
                sent += 1
    return sent


@shared_task
def retry_stalled_notifications() -> int:
    return notify.release_stalled_claims()


@shared_task
def ping(value: str) -> str:
    """Used by /healthz's deep check and the worker test: a round trip."""
    return f"pong:{value}"


@shared_task(acks_late=True)
def take_indicator_snapshot() -> int:
    """Count this month's indicators and keep them; the month's last run
    freezes it for the trend charts and the reports."""
    from portal.dashboard.selectors import take_snapshot

    return take_snapshot(timezone.localdate())


@shared_task(acks_late=True)
def build_report(report_id: int) -> str | None:
    """A failed build is kept on the report, not retried; a duplicate
    delivery finds the report claimed and does nothing."""
    from portal.reports import services

    report = services.build_report(report_id)
    return report.status if report is not None else None


@shared_task(acks_late=True)
def send_district_digests(today: str | None = None) -> int:
    """Each district officer's weekly summary, once a week."""
    from datetime import date

    from portal.district_digest import send_district_digests as send

    return send(today=date.fromisoformat(today) if today else None)

"""The one notification service every app uses to tell a person something.

A notification is first a row whose unique key (kind + subject + recipient +
due time) claims it, so a retried task or a double beat creates nothing
twice; each channel's delivery is then claimed by a conditional update
before the message leaves, so it is sent once.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import (
    Channel,
    Delivery,
    Notification,
    NotificationMode,
    NotificationPreference,
    User,
)
from portal.sms import send_sms

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    urgent: bool = False
    default_mode: NotificationMode = NotificationMode.INSTANT
    # System kinds (the digest itself) follow no personal preference.
    system: bool = False

    @property
    def configurable(self) -> bool:
        return not (self.urgent or self.system)


_kinds: dict[str, Kind] = {}


def register_kind(
    key: str,
    label,
    *,
    urgent: bool = False,
    system: bool = False,
    default_mode: NotificationMode = NotificationMode.INSTANT,
) -> Kind:
    _kinds[key] = Kind(
        key=key, label=label, urgent=urgent, system=system, default_mode=default_mode
    )
    return _kinds[key]


def kinds() -> list[Kind]:
    return list(_kinds.values())


def get_kind(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}; register it first") from None


def mode_for(user: User, kind: Kind) -> NotificationMode:
    """Urgent safety notices cannot be turned off or deferred."""
    if not kind.configurable:
        return NotificationMode.INSTANT
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind.key)
        .values_list("mode", flat=True)
        .first()
    )
    return NotificationMode(chosen or kind.default_mode)


def set_preference(*, user: User, kind_key: str, mode: str) -> NotificationPreference | None:
    kind = get_kind(kind_key)
    if not kind.configurable:
        return None
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind.key, defaults={"mode": NotificationMode(mode)}
    )
    return preference


def _addresses(user: User, urgent: bool) -> dict[str, str]:
    addresses = {}
    if user.email and (user.notify_by_email or urgent):
        addresses[Channel.EMAIL] = user.email
    if user.phone and (user.notify_by_sms or urgent):
        addresses[Channel.SMS] = user.phone
    return addresses


def notify(
    *,
    kind: str,
    recipient: User,
    subject_key: str,
    title: str,
    body: str = "",
    url: str = "",
    due_at: datetime | None = None,
) -> Notification | None:
    """Tell `recipient` something, once. Returns the new notification, or
    `None` when it already existed or the person turned this kind off."""
    kind_obj = get_kind(kind)
    mode = mode_for(recipient, kind_obj)
    if mode == NotificationMode.OFF:
        return None
    due_at = due_at or timezone.now().replace(second=0, microsecond=0)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind_obj.key,
                subject_key=subject_key,
                due_at=due_at,
                title=str(title)[:200],
                body=str(body),
                url=url,
                urgent=kind_obj.urgent,
                mode=mode,
            )
    except IntegrityError:
        return None
    status = (
        Delivery.Status.PENDING if mode == NotificationMode.INSTANT else Delivery.Status.DEFERRED
    )
    pending = status == Delivery.Status.PENDING
    Delivery.objects.bulk_create(
        Delivery(
            notification=notification,
            channel=channel,
            address=address,
            status=status,
            queued_at=timezone.now() if pending else None,
        )
        for channel, address in _addresses(recipient, kind_obj.urgent).items()
    )
    if pending:
        _queue_delivery(notification.pk)
    return notification


# Inside batched_deliveries(), the notifications made are queued BATCH_SIZE to a task.
BATCH_SIZE = 100


class _Batch:
    def __init__(self):
        self.ids: list[int] = []
        self.closed = False

    def add(self, notification_id: int) -> None:
        self.ids.append(notification_id)
        # A notification whose transaction commits after the block ended goes at once.
        if self.closed or len(self.ids) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        from portal.tasks import deliver_notifications

        while self.ids:
            chunk = self.ids[:BATCH_SIZE]
            del self.ids[:BATCH_SIZE]
            deliver_notifications.delay(chunk)


_batch: ContextVar[_Batch | None] = ContextVar("tongxin_delivery_batch", default=None)


@contextmanager
def batched_deliveries():
    """For jobs that notify thousands (reminders, digests): their deliveries
    go to the workers a hundred notifications to a task instead of one, which
    a broker and its workers pass many times faster. A job that dies before
    the end leaves its last deliveries pending; the sweeper queues them."""
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        batch.closed = True
        batch.flush()


def queue_deliveries(notification_ids) -> None:
    """Queue the pending deliveries of many notifications, in batches."""
    with batched_deliveries():
        for notification_id in notification_ids:
            _queue_delivery(notification_id)


def _queue_delivery(notification_id: int) -> None:
    from portal.tasks import deliver_notification

    batch = _batch.get()
    if batch is None:
        transaction.on_commit(lambda: deliver_notification.delay(notification_id))
    else:
        transaction.on_commit(lambda: batch.add(notification_id))


def deliver_many(notification_ids: list[int]) -> tuple[int, list[int]]:
    """Deliver a batch; returns how many were sent and the notifications
    whose send failed (still pending, to be retried one by one)."""
    sent, failed = 0, []
    for notification_id in notification_ids:
        try:
            sent += deliver(notification_id)
        except Exception:  # noqa: BLE001 — recorded on the delivery by _send_delivery
            failed.append(notification_id)
    return sent, failed


def deliver(notification_id: int) -> int:
    """Send each pending channel of one notification; returns how many left."""
    sent = 0
    pending = Delivery.objects.filter(
        notification_id=notification_id, status=Delivery.Status.PENDING
    ).values_list("pk", flat=True)
    for delivery_id in list(pending):
        if _send_delivery(delivery_id):
            sent += 1
    return sent


def _claim(delivery_id: int) -> bool:
    return bool(
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CLAIMED, claimed_at=timezone.now()
        )
    )


def _send_delivery(delivery_id: int) -> bool:
    if not _claim(delivery_id):
        return False
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    notification = delivery.notification
    try:
        _send(delivery.channel, delivery.address, notification.title, _full_text(notification))
    except Exception as exc:  # noqa: BLE001 — any provider error is recorded and retried
        logger.warning("Delivery %s failed: %s", delivery_id, exc)
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.PENDING,
            attempts=delivery.attempts + 1,
            error=str(exc)[:300],
        )
        raise
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=delivery.attempts + 1
    )
    return True


def _full_text(notification: Notification) -> str:
    parts = [notification.body]
    if notification.url:
        parts.append(f"{settings.PORTAL_BASE_URL}{notification.url}")
    return "\n\n".join(part for part in parts if part)


def _send(channel: str, address: str, title: str, text: str) -> None:
    if channel == Channel.EMAIL:
        send_mail(f"[同心] {title}", text, None, [address])
    else:
        send_sms(phone=address, text=f"{title}。{text}" if text else title)


def release_stalled_claims() -> int:
    """Deliveries claimed by a worker that died before sending go back to
    pending after the claim timeout; pending deliveries whose task has not
    run within the timeout (lost with a worker or the broker) are queued
    again, once per timeout. While the broker's queue still holds tasks, a
    late delivery is most likely waiting its turn, not lost: it is queued
    again only once the queue has drained, so a long backlog never doubles."""
    now = timezone.now()
    cutoff = now - settings.NOTIFICATION_CLAIM_TIMEOUT
    Delivery.objects.filter(status=Delivery.Status.CLAIMED, claimed_at__lt=cutoff).update(
        status=Delivery.Status.PENDING, claimed_at=None, queued_at=None
    )
    if broker_backlog():
        return 0
    lost = Delivery.objects.filter(
        Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True), status=Delivery.Status.PENDING
    )
    notification_ids = set(lost.values_list("notification_id", flat=True))
    Delivery.objects.filter(
        notification_id__in=notification_ids, status=Delivery.Status.PENDING
    ).update(queued_at=now)
    queue_deliveries(notification_ids)
    return len(notification_ids)


def broker_backlog(queue: str | None = None) -> int | None:
    """Tasks waiting in the broker's queue; `None` when tasks run in-process
    or the broker cannot be asked (then the sweeper assumes nothing waits)."""
    from portal.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with app.connection_for_read() as connection:
            declared = connection.default_channel.queue_declare(
                queue=queue or settings.CELERY_TASK_DEFAULT_QUEUE, passive=True
            )
    except Exception:  # noqa: BLE001 — a broker that cannot answer holds nothing we can count on
        return None
    return declared.message_count


def send_digest(*, user: User, day) -> Notification | None:
    """Gather the person's deferred notifications into one digest, once a day."""
    deferred = list(
        Notification.objects.filter(
            recipient=user, deliveries__status=Delivery.Status.DEFERRED
        ).distinct()
    )
    if not deferred:
        return None
    lines = [f"· {item.title}" for item in deferred]
    digest = notify(
        kind=DIGEST_KIND,
        recipient=user,
        subject_key=f"digest:{day.isoformat()}",
        title=_("Your daily summary: %(count)d new notifications") % {"count": len(deferred)},
        body="\n".join(lines),
        url="/inbox/",
        due_at=timezone.make_aware(datetime.combine(day, datetime.min.time())),
    )
    if digest is not None:
        Delivery.objects.filter(notification__in=deferred, status=Delivery.Status.DEFERRED).update(
            status=Delivery.Status.DIGESTED, sent_at=timezone.now()
        )
    return digest


def users_with_deferred() -> list[int]:
    return list(
        Delivery.objects.filter(status=Delivery.Status.DEFERRED)
        .values_list("notification__recipient_id", flat=True)
        .distinct()
    )


def mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


DIGEST_KIND = "portal.digest"
DISTRICT_DIGEST_KIND = "portal.district_digest"


def iso_week(day) -> tuple[str, datetime]:
    """A weekly reminder's key: the ISO week's code ("2026-W49") and its
    Monday at midnight, the same for every day of the week."""
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def set_channels(*, user: User, notify_by_email: bool, notify_by_sms: bool) -> User:
    user.notify_by_email = notify_by_email
    user.notify_by_sms = notify_by_sms
    user.save(update_fields=["notify_by_email", "notify_by_sms"])
    return user

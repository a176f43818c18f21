"""Reminders the day before a lecture, to every family holding a seat.

Each reminder is claimed by the notification row's unique key (kind, the
lecture as subject, the family, the lecture's start as due time), so the beat
firing twice in an evening, or a retried task, reminds nobody twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.models import Registration, RegistrationStatus
from portal import notify

LECTURE_REMINDER = notify.register_kind(
    "families.lecture_reminder", _("Reminders the day before a lecture I signed up for")
)


def registrations_to_remind(*, now: datetime):
    """Confirmed seats for lectures that start tomorrow, by the calendar of
    the portal's time zone (Asia/Shanghai), not 24 hours from now."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    return (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            lecture__starts_at__gte=start,
            lecture__starts_at__lt=end,
        )
        .select_related("lecture", "user")
        .order_by("lecture__starts_at", "pk")
    )


def send_lecture_reminders(*, now: datetime | None = None) -> int:
    """Remind every family with a seat at tomorrow's lectures; returns how
    many reminders are new. Not one transaction: each reminder commits on its
    own, so a failure half-way keeps what was sent and a rerun does the rest."""
    now = now or timezone.now()
    created = 0
    with notify.batched_deliveries():
        for registration in registrations_to_remind(now=now):
            if remind_registration(registration=registration) is not None:
                created += 1
    return created


def remind_registration(*, registration: Registration):
    lecture = registration.lecture
    starts = timezone.localtime(lecture.starts_at)
    place = lecture.venue or gettext("online: %(url)s") % {"url": lecture.online_url}
    body = gettext(
        "%(title)s starts tomorrow at %(time)s. Place: %(place)s. Seats: %(seats)d. "
        "Check-in code: %(code)s."
    ) % {
        "title": lecture.title,
        "time": f"{starts:%Y-%m-%d %H:%M}",
        "place": place,
        "seats": registration.seats,
        "code": registration.check_in_code,
    }
    return notify.notify(
        kind=LECTURE_REMINDER.key,
        recipient=registration.user,
        subject_key=f"lecture:{lecture.pk}",
        title=gettext("Tomorrow: %(title)s") % {"title": lecture.title},
        body=body,
        url=reverse("families:ticket", args=[registration.pk]),
        due_at=lecture.starts_at,
    )

"""Celery tasks for the families app: thin shells around its services."""

from datetime import date, datetime, time

from celery import shared_task
from django.utils import timezone

from families.services import reminders


@shared_task(acks_late=True)
def send_lecture_reminders(today: str | None = None) -> int:
    """Remind families of tomorrow's lectures. `today` (ISO date) replays a
    given evening, e.g. after an outage; by default it is now."""
    if today is None:
        now = timezone.now()
    else:
        now = timezone.make_aware(datetime.combine(date.fromisoformat(today), time(12)))
    return reminders.send_lecture_reminders(now=now)


# The tips helper keeps its task in its own module; Celery discovers only
# `families.tasks`, so importing it here registers it with the worker.
from families.tasks_content import notify_tip_audience  # noqa: E402, F401

"""Celery tasks for the schools app: thin shells around its services."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError

from schools.services import reminders


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=3)
def send_unvisited_student_reminders(today: str | None = None, weeks_before_end: int = 4) -> int:
    """`today` (ISO date) replays a given day, e.g. after an outage."""
    return reminders.send_unvisited_student_reminders(
        today=_day(today), weeks_before_end=weeks_before_end
    )


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=3)
def send_activity_reminders(today: str | None = None, weeks_before_end: int = 4) -> int:
    return reminders.send_activity_reminders(today=_day(today), weeks_before_end=weeks_before_end)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=3)
def send_law_hours_reminders(today: str | None = None, months_before_end: int = 3) -> int:
    return reminders.send_law_hours_reminders(
        today=_day(today), months_before_end=months_before_end
    )


def _day(today: str | None) -> date | None:
    return date.fromisoformat(today) if today else None

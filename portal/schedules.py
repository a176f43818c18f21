"""The default beat schedule, written as django-celery-beat rows.

Settings hold the schedule the portal ships with (`TONGXIN_BEAT_SCHEDULE`);
once a row exists it belongs to the bureau, which may move, pause or rename
it in the admin, so syncing only ever adds the entries that are missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


@dataclass
class ScheduleSync:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def crontab_for(spec: dict, *, timezone: str) -> CrontabSchedule:
    """The crontab row for a settings entry such as {"minute": "0", "hour": "18"};
    fields left out mean "every", as in celery's `crontab()`."""
    values = {name: str(spec.get(name, "*")) for name in CRONTAB_FIELDS}
    unknown = set(spec) - set(CRONTAB_FIELDS)
    if unknown:
        raise ValueError(f"Unknown crontab fields: {sorted(unknown)}")
    existing = CrontabSchedule.objects.filter(timezone=timezone, **values).order_by("pk").first()
    return existing or CrontabSchedule.objects.create(timezone=timezone, **values)


@transaction.atomic
def sync_schedules(*, schedule: dict | None = None, timezone: str | None = None) -> ScheduleSync:
    """Create a periodic task for each default entry that has no row of that
    name yet; rows that exist are kept exactly as they are."""
    schedule = settings.TONGXIN_BEAT_SCHEDULE if schedule is None else schedule
    timezone = timezone or settings.CELERY_TIMEZONE
    result = ScheduleSync()
    existing = set(PeriodicTask.objects.filter(name__in=schedule).values_list("name", flat=True))
    for name, entry in schedule.items():
        if name in existing:
            result.kept.append(name)
            continue
        PeriodicTask.objects.create(
            name=name,
            task=entry["task"],
            crontab=crontab_for(entry["crontab"], timezone=timezone),
            args=json.dumps(entry.get("args", [])),
            kwargs=json.dumps(entry.get("kwargs", {})),
            description=entry.get("description", ""),
        )
        result.created.append(name)
    return result

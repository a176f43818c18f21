import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from portal.celery import app
from portal.schedules import sync_schedules

pytestmark = pytest.mark.django_db


def test_sync_writes_every_default_entry_as_a_crontab_task_in_shanghai_time():
    result = sync_schedules()

    assert sorted(result.created) == sorted(settings.TONGXIN_BEAT_SCHEDULE)
    for name, entry in settings.TONGXIN_BEAT_SCHEDULE.items():
        task = PeriodicTask.objects.get(name=name)
        assert task.task == entry["task"]
        assert task.enabled
        assert str(task.crontab.timezone) == "Asia/Shanghai"
        for field, value in entry["crontab"].items():
            assert getattr(task.crontab, field) == value
        assert task.crontab.day_of_week == entry["crontab"].get("day_of_week", "*")


def test_every_scheduled_task_is_a_registered_celery_task():
    app.loader.import_default_modules()

    for entry in settings.TONGXIN_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_a_second_sync_creates_nothing():
    sync_schedules()
    tasks, crontabs = PeriodicTask.objects.count(), CrontabSchedule.objects.count()

    result = sync_schedules()

    assert result.created == []
    assert sorted(result.kept) == sorted(settings.TONGXIN_BEAT_SCHEDULE)
    assert (PeriodicTask.objects.count(), CrontabSchedule.objects.count()) == (tasks, crontabs)


def test_sync_keeps_a_task_the_bureau_has_edited():
    sync_schedules()
    name = next(iter(settings.TONGXIN_BEAT_SCHEDULE))
    edited = PeriodicTask.objects.get(name=name)
    edited.crontab = CrontabSchedule.objects.create(
        minute="30", hour="20", timezone="Asia/Shanghai"
    )
    edited.enabled = False
    edited.save()

    sync_schedules()

    edited.refresh_from_db()
    assert (edited.crontab.minute, edited.crontab.hour, edited.enabled) == ("30", "20", False)


def test_sync_recreates_a_missing_task_and_leaves_the_rest():
    sync_schedules()
    first, *others = settings.TONGXIN_BEAT_SCHEDULE
    PeriodicTask.objects.filter(name=first).delete()

    result = sync_schedules()

    assert result.created == [first]
    assert sorted(result.kept) == sorted(others)


def test_entries_with_the_same_crontab_share_one_row():
    schedule = {
        "a": {"task": "portal.tasks.ping", "crontab": {"minute": "5", "hour": "3"}},
        "b": {"task": "portal.tasks.ping", "crontab": {"minute": "5", "hour": "3"}},
    }

    sync_schedules(schedule=schedule)

    assert (
        PeriodicTask.objects.get(name="a").crontab_id
        == PeriodicTask.objects.get(name="b").crontab_id
    )


def test_an_unknown_crontab_field_is_refused():
    with pytest.raises(ValueError, match="hours"):
        sync_schedules(schedule={"x": {"task": "portal.tasks.ping", "crontab": {"hours": "3"}}})


def test_the_command_reports_what_it_did():
    out = io.StringIO()
    call_command("sync_schedules", stdout=out)
    call_command("sync_schedules", stdout=out)

    text = out.getvalue()
    count = len(settings.TONGXIN_BEAT_SCHEDULE)
    assert f"{count} periodic task(s) created, 0 kept" in text
    assert f"0 periodic task(s) created, {count} kept" in text

"""The Celery app. Worker: `celery -A portal worker -l info`;
beat: `celery -A portal beat -l info` (schedules are django-celery-beat rows)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""The settings follow the environment: embedded defaults only when nothing
is configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, "
    "'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG, "
    "'hosts': s.ALLOWED_HOSTS, 'email': s.EMAIL_BACKEND, 'language': s.LANGUAGE_CODE, "
    "'tz': s.TIME_ZONE, 'idle': s.SESSION_COOKIE_AGE, "
    "'kept': s.DATABASES['default']['CONN_MAX_AGE'], "
    "'checked': s.DATABASES['default']['CONN_HEALTH_CHECKS']}))"
)
SETTING_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_BACKEND",
    "SESSION_IDLE_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def settings_with(**variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.local", TONGXIN_ENV_FILE="/nonexistent")
    env.update(variables)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_configured_means_sqlite_and_in_process_tasks():
    found = settings_with()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["eager"] is True and found["broker"] == ""
    assert found["cache"].endswith("LocMemCache")
    assert (found["language"], found["tz"]) == ("zh-hans", "Asia/Shanghai")


def test_configured_database_and_redis_are_used():
    found = settings_with(
        DATABASE_URL="postgres://u:p@db.example:5432/tongxin",
        REDIS_URL="redis://cache.example:6379/0",
        DEBUG="false",
        ALLOWED_HOSTS="tongxin.example.gov.cn,www.tongxin.example.gov.cn",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        SESSION_IDLE_SECONDS="600",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["eager"] is False and found["broker"] == "redis://cache.example:6379/0"
    assert found["cache"].endswith("RedisCache")
    assert found["debug"] is False
    assert found["hosts"] == ["tongxin.example.gov.cn", "www.tongxin.example.gov.cn"]
    assert found["email"].endswith("smtp.EmailBackend")
    assert found["idle"] == 600
    # Kept connections are checked first: a database restart costs no request.
    assert found["kept"] == 60 and found["checked"] is True


def test_a_separate_broker_url_wins_over_redis_url():
    found = settings_with(
        REDIS_URL="redis://cache.example:6379/0", CELERY_BROKER_URL="redis://broker.example/1"
    )
    assert found["broker"] == "redis://broker.example/1" and found["eager"] is False

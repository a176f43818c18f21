"""Test settings: always PostgreSQL and Redis, never the embedded defaults."""

import os

from .base import *  # noqa: F403
from .base import env

DATABASES = {
    "default": env.db("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/tongxin")
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# One test database per run, so that runs side by side never collide.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME", default=f"test_tongxin_{os.getpid()}")}
REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("TEST_CACHE_URL", default="redis://127.0.0.1:6379/13"),
        "KEY_PREFIX": f"tongxin-test-{os.getpid()}",
    }
}
CELERY_BROKER_URL = REDIS_URL
# Tests about tasks start a real worker and switch this off; elsewhere tasks
# run in-process so that a test sees their effect.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real worker started by a test is another process: it is pointed at file
# backends through these variables so the test can read what it sent.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/tongxin-test-mail")
SMS_BACKEND = env("SMS_BACKEND", default="portal.sms.LocmemBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Shared with a real worker started by a test, which builds reports here.
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("REPORTS_ROOT", default="/tmp/tongxin-test-reports")},
    },
}
DEBUG = False
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

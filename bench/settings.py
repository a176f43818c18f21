"""Production settings as a benchmark serves them: plain HTTP on loopback,
a throwaway secret, and one extra route (the bare view) beside the portal's."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

from portal.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
# The benchmark speaks plain HTTP to 127.0.0.1; the cookies must still travel.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

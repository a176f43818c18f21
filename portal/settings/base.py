"""Settings shared by every environment, driven by environment variables.

With no DATABASE_URL the portal runs on a SQLite file (the demo's embedded
default); with no REDIS_URL/CELERY_BROKER_URL Celery tasks run in-process.
"""

from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.leaflet

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# A `.env` beside manage.py fills in what the environment leaves unset;
# TONGXIN_ENV_FILE points elsewhere (the settings tests point it at nothing).
ENV_FILE = Path(environ.Env().str("TONGXIN_ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    env.read_env(ENV_FILE, overwrite=False)

# --- Core -----------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-demo-key-change-me-in-every-real-deployment")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

# --- Applications ---------------------------------------------------------
INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.weixin",
    "allauth.socialaccount.providers.dingtalk",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "portal",
    "schools",
    "community",
    "families",
    "programs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.RequireTwoFactorMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.audit.AuditRequestMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'tongxin.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection is checked before a request reuses it, so the first
# request after a database restart reconnects instead of failing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USES_EMBEDDED_DATABASE = "DATABASE_URL" not in env

# --- Redis: cache and Celery broker ---------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tongxin",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "tongxin"
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The default beat schedule. `manage.py sync_schedules` writes these as
# django-celery-beat rows, after which the bureau edits them in the admin.
TONGXIN_BEAT_SCHEDULE = {
    "每日摘要 Daily notification digest": {
        "task": "portal.tasks.send_daily_digests",
        "crontab": {"minute": "0", "hour": "18"},
    },
    "重发未送达通知 Retry stalled notifications": {
        "task": "portal.tasks.retry_stalled_notifications",
        "crontab": {"minute": "*/10"},
    },
    # Twice an evening: the second run reaches families promoted from the
    # waiting list since the first; the reminder's unique key sends no one two.
    "讲座提醒 Lecture reminders for tomorrow": {
        "task": "families.tasks.send_lecture_reminders",
        "crontab": {"minute": "0", "hour": "18,20"},
    },
    "转介超时升级 Escalate unanswered referrals": {
        "task": "programs.tasks.escalate_unanswered_referrals",
        "crontab": {"minute": "30", "hour": "8-18"},
    },
    "每晚指标快照 Nightly indicator snapshot": {
        "task": "portal.tasks.take_indicator_snapshot",
        "crontab": {"minute": "15", "hour": "1"},
    },
    # Every Monday; the reminder is sent only in the semester's last weeks,
    # and its key (the semester's code) lets each teacher have one a semester.
    "未家访学生提醒 Students not yet visited at home": {
        "task": "schools.tasks.send_unvisited_student_reminders",
        "crontab": {"minute": "0", "hour": "9", "day_of_week": "1"},
        "kwargs": {"weeks_before_end": 4},
    },
    "指导活动未达标提醒 Schools short of guidance activities": {
        "task": "schools.tasks.send_activity_reminders",
        "crontab": {"minute": "10", "hour": "9", "day_of_week": "1"},
        "kwargs": {"weeks_before_end": 4},
    },
    # From October; one reminder a year for each vice principal short of hours.
    "法治副校长课时提醒 Vice principals short of law-education hours": {
        "task": "schools.tasks.send_law_hours_reminders",
        "crontab": {"minute": "20", "hour": "9", "day_of_week": "1"},
        "kwargs": {"months_before_end": 3},
    },
    # Daily; each lead gets one message an ISO week (the first run's).
    "个案复评提醒 Care-plan reviews due": {
        "task": "programs.tasks.send_review_reminders",
        "crontab": {"minute": "0", "hour": "8"},
    },
    # Before the escalation at the end of a referral's days, never after.
    "转介即将到期提醒 Referrals soon due for an answer": {
        "task": "programs.tasks.send_referral_reminders",
        "crontab": {"minute": "15", "hour": "8"},
        "kwargs": {"days_ahead": 2},
    },
    "区县每周摘要 Weekly district digest": {
        "task": "portal.tasks.send_district_digests",
        "crontab": {"minute": "30", "hour": "7", "day_of_week": "1"},
    },
}

# --- Authentication and accounts ------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:after-login"
ACCOUNT_ADAPTER = "portal.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "portal.accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "portal.accounts.adapters.MFAAdapter"
# Parents sign up with a phone number alone; staff still log in with a password.
ACCOUNT_FORMS = {"login": "portal.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"phone", "email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = 3
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 10 * 60
# Six digits, as every Chinese SMS code is; grandparents type them on a keypad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"length": 6, "numeric": True, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = 3
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[同心] "
# Parents never choose a username (allauth makes one from the email): pages
# and emails call them by name, or by the masked mobile number.
ACCOUNT_USER_DISPLAY = str
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "verify_phone": "1/30s/key,5/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_AUTO_SIGNUP = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "同心 Tongxin"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle sessions expire: portal.middleware.IdleSessionMiddleware pushes the
# expiry forward (once a minute at most, not with a write on every request).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- SMS ------------------------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", default="portal.sms.ConsoleBackend")
SMS_SIGNATURE = env("SMS_SIGNATURE", default="【同心】")

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="同心 <noreply@tongxin.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications --------------------------------------------------------
# A notification claimed for delivery but not marked sent within this time is
# assumed to belong to a dead worker and is released for another attempt.
NOTIFICATION_CLAIM_TIMEOUT = timedelta(
    seconds=env.int("NOTIFICATION_CLAIM_TIMEOUT_SECONDS", default=10 * 60)
)
# Links in emails and SMS point here.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://localhost:8000")

# --- The education map -----------------------------------------------------
# Tile source for the map background; empty means no tiles (closed municipal
# networks): markers and the list still work. Example for a local tile server:
# "https://tiles.example.gov.cn/{z}/{x}/{y}.png".
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")
# The city's bounding box (south, west, north, east): places outside it are refused.
CITY_BOUNDS = env.list("CITY_BOUNDS", cast=float, default=[22.2, 107.3, 23.7, 109.1])
MAP_CENTRE = env.list("MAP_CENTRE", cast=float, default=[22.82, 108.32])

# --- Languages and time ---------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The education map's Leaflet, served by the portal (no CDN on closed networks).
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Reports hold children's school data: kept outside MEDIA_ROOT, never served
# by URL, downloaded only through the scoped view.
REPORTS_ROOT = env.path("REPORTS_ROOT", default=BASE_DIR / "var" / "reports")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": REPORTS_ROOT, "base_url": None},
    },
}

# --- Security headers -----------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; frame-ancestors 'none'; form-action 'self'"
)

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "同心 Tongxin API",
    "DESCRIPTION": "校家社协同育人管理平台 — school–family–society co-education portal",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Many models have a field named "kind"; each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "DistrictKindEnum": "schools.models.District.Kind",
        "TownKindEnum": "schools.models.Town.Kind",
        "VillageKindEnum": "schools.models.Village.Kind",
        "ActivityKindEnum": "schools.models.ActivityKind",
        "DecisionKindEnum": "schools.models.DecisionKind",
        "OrganisationKindEnum": "community.models.Organisation.Kind",
        "DepartmentKindEnum": "community.models.Department.Kind",
        "AllianceKindEnum": "community.models.Alliance.Kind",
        "ParentSchoolLevelEnum": "families.models.ParentSchoolLevel",
        "CommitteeLevelEnum": "schools.models.CommitteeLevel",
        "ForWhomEnum": "families.models.ForWhom",
        "CounsellingRequestStatusEnum": "families.models.RequestStatus",
        "ReportKindEnum": "portal.models.ReportKind",
        "RegistrationStatusEnum": "families.models.RegistrationStatus",
        "BookingStatusEnum": "community.models.BookingStatus",
        "FollowUpTaskStatusEnum": "community.models.FollowUpTask.Status",
        "ApprovalStatusEnum": "community.models.ApprovalStatus",
        "CaseKindEnum": "programs.models.CaseKind",
        "CaseStatusEnum": "programs.models.CaseStatus",
        "GoalStatusEnum": "programs.models.Goal.Status",
        "ReferralStatusEnum": "programs.models.ReferralStatus",
        "ReferralReceiverKindEnum": "programs.api.referrals.RECEIVER_KINDS",
        "AlertLevelEnum": "programs.models.AlertLevel",
        "AlertStatusEnum": "programs.models.AlertStatus",
        "AlertSourceEnum": "programs.models.AlertSource",
    },
}

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# SQLite (the embedded demo) cannot enforce "nulls not distinct"; PostgreSQL does.
SILENCED_SYSTEM_CHECKS = (
    ["models.W047"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)

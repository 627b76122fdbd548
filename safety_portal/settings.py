"""Settings for the Safety Portal.

Everything comes from environment variables (see README, "Configuration").
With none set, the embedded defaults apply: a SQLite file, Celery tasks run
in-process, e-mail printed to the console.
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from safety_portal.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_time_zone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: its registration/ templates (password reset) would hide ours.
    "safety_portal",
    "safety_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "auditlog",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "knox",
    "accounts",
    "committees",
    "meetings",
    "followups",
    "publishing",
    "procedures",
    "incidents",
    "assessments",
    "compliance",
    "notifications",
    "audit",
]

MIDDLEWARE = [
    # First of all: an anonymous reader's public page comes from the cache at once
    # (committees/public_cache.py), stored with every header of the middleware below it.
    "committees.public_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Every page gets the policy, lockout pages too; cached ones keep it with their bytes.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safety_portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in person is the actor of every change a request makes.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last of Django's: it answers a locked-out sign-in with our lockout page.
    "axes.middleware.AxesMiddleware",
    "safety_portal.middleware.DistrictTimeZoneMiddleware",
    "safety_portal.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "safety_portal.urls"
WSGI_APPLICATION = "safety_portal.wsgi.application"
ASGI_APPLICATION = "safety_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safety_portal.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://...), or a SQLite file for the quick start.
_database_url = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
# Behind PgBouncer in transaction pooling mode a server-side cursor cannot outlive its
# transaction: .iterator() then reads its rows in one go (docs/scaling.md).
_transaction_pooling = env_bool("DATABASE_TRANSACTION_POOLING", default=False)
# The few reads every request makes keep their plans on their connection
# (safety_portal/prepared.py); a pooler in transaction mode lends another connection
# to each transaction, which has not prepared them.
PREPARED_STATEMENTS = not _transaction_pooling


def _database(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=60)
    if database["ENGINE"] == "django.db.backends.postgresql":
        # The pages ask for a page of rows by index; PostgreSQL's JIT compiles a plan it
        # over-estimates (the gate's ORs) for hundreds of milliseconds, and saves nothing.
        # A random read costs about what a sequential one does, the database being in
        # memory or on SSD: at the default (4, for spinning disks) the planner read a
        # district's whole follow-up table for each row of a parent's list rather than
        # probe its index (docs/scaling.md).
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    if _transaction_pooling:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return database


if _database_url:
    DATABASES = {"default": _database(_database_url)}
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}
    }
# A read replica for exports and reports (safety_portal/db_router.py); in tests, the
# primary itself stands in for it.
_replica_url = env_url("DATABASE_REPLICA_URL", ("postgres", "postgresql"))
if _replica_url:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL.")
    DATABASES["replica"] = {**_database(_replica_url), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["safety_portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in (the site's and the admin's) while a lock holds.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the person with their district (one query).
    "accounts.backends.PortalBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian's anonymous user is a database row; public pages read published
# records, never permissions (ACCESS.md).
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"

# The audit trail (docs/access.md): django-auditlog writes into our append-only model,
# with each field's before and after as JSON. No addresses: a community concern is
# sent without signing in, and its sender's address is kept only as a keyed hash.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
# Its own table is not ours: django-auditlog's migrations would create it for a model we
# swap out, which nothing writes to and a flush of the test database cannot empty (it
# holds a foreign key the model registry does not know of). Without its migrations,
# `migrate` creates the app's tables from its models, and a swapped model has none.
# The same for django-rest-knox's token, swapped out by accounts.ApiToken (below).
MIGRATION_MODULES = {"auditlog": None, "knox": None}
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
# A related record is kept by its id, never its name: an item's history would otherwise
# show the heading of the restricted minutes section it came from.
AUDITLOG_USE_FK_STRING_REPRESENTATION = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "home"

# Times are stored in UTC and shown in the district's time zone.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("pt", "Português")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone("DISTRICT_TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Uploaded files are private: never under STATIC_ROOT or a public URL,
        # served only through views that ask the access gate.
        "OPTIONS": {"location": env_str("PRIVATE_FILES_ROOT", str(VAR_DIR / "private"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Redis: broker and cache. Without REDIS_URL, tasks run in-process and the
# cache lives in local memory.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {
            "BACKEND": "safety_portal.cache.RedisCache",  # Django's, its client reused
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "safety-portal",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# A stalled Redis costs a request a second, not a minute.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    # Publishing: one quick retry, then the request goes on (the sweep sends later).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "visibility_timeout": 3600,
}
CELERY_REDIS_SOCKET_TIMEOUT = 1
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
# Two queues, each with its own workers (docker-compose.yml, docs/architecture.md): mail
# never waits behind a statewide scan, and each scales on its own. A task not routed
# here (the health ping) goes to "scans"; tests/safety_portal/test_celery.py holds the list.
CELERY_TASK_QUEUES = (Queue("mail"), Queue("scans"))
CELERY_TASK_DEFAULT_QUEUE = "scans"
CELERY_TASK_ROUTES = {
    "notifications.tasks.deliver": {"queue": "mail"},
    "notifications.tasks.sweep": {"queue": "mail"},
    # Webhook deliveries are messages too: sent by the mail queue's workers.
    "notifications.tasks.deliver_webhook": {"queue": "mail"},
    "notifications.tasks.sweep_webhooks": {"queue": "mail"},
    "notifications.tasks.scan": {"queue": "scans"},
    "committees.tasks.sweep_permissions": {"queue": "scans"},
}
# One beat, its schedule in code. Periodic scans, never ETAs days ahead.
CELERY_BEAT_SCHEDULE = {
    "sweep-permissions": {
        "task": "committees.tasks.sweep_permissions",
        "schedule": crontab(minute=5),  # hourly: ended terms leave no stale rows
    },
    # Due dates, meetings tomorrow, seats and digests, each in its district's local
    # day; hourly, so a missed run costs an hour, and the outbox's uniqueness makes a
    # second run in the same day write nothing new.
    "scan-reminders": {
        "task": "notifications.tasks.scan",
        "schedule": crontab(minute=15),
    },
    # Whatever the on-commit task did not deliver: broker down, worker crashed, retries.
    "sweep-outbox": {
        "task": "notifications.tasks.sweep",
        "schedule": crontab(),  # every minute
    },
    # Webhook deliveries the on-commit task did not send, and those due again (backoff).
    "sweep-webhooks": {
        "task": "notifications.tasks.sweep_webhooks",
        "schedule": crontab(),
    },
}
# Where webhook deliveries find the certificates they trust: None, the system's (tests
# name their own, for a local https endpoint).
WEBHOOK_CA_FILE = None

# E-mail: SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The outbox's sweep sends a batch over this many connections to the mail server at once.
EMAIL_CONNECTIONS = env_int("EMAIL_CONNECTIONS", 4, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Safety Portal <safety-portal@localhost>")
# Where the links in e-mail point: the address people reach the portal at.
SITE_URL = (env_url("SITE_URL", ("http", "https")) or "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Community concerns (no sign-in): how many one address may send in an hour.
CONCERN_RATE_LIMIT = env_int("CONCERN_RATE_LIMIT", 5, minimum=1)

# Sign-in throttling (django-axes): after SIGN_IN_FAILURE_LIMIT wrong passwords for one
# account, or from one address, signing in there is refused for SIGN_IN_LOCKOUT_MINUTES;
# the lock then ends by itself. Attempts made during a lock do not extend it, so the
# time the lockout page gives holds. One school's computers may share an address:
# the limit is for all of them together.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # else a guesser with an account of their own clears the count
AXES_LOCKOUT_CALLABLE = "safety_portal.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "safety_portal.client.client_address"
AXES_ENABLE_ADMIN = False  # registered in accounts/admin.py, for superusers only
AXES_VERBOSE = False
# Successful sign-ins are not logged with their addresses: nobody reads that log, and
# the failures it needs are in AccessAttempt, pruned after the cool-off.
AXES_DISABLE_ACCESS_LOG = True
# Password reset e-mails: as many per address and per e-mail address in that window.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5, minimum=1)

# Sessions end after SESSION_IDLE_MINUTES without a request (shared school computers):
# a request starts the count again, saving the session when its deadline has slid more
# than a minute (accounts/sessions.py), not on every page.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 8 * 60, minimum=1) * 60
SESSION_ENGINE = "accounts.sessions"
# The API at /api/v1/ (safety_portal/api_urls.py, docs/api.md): a person's API token
# (``Authorization: Token <key>``) or their signed-in session; every answer private
# (safety_portal/api_kit.py). The token comes first: DRF asks the first class for the
# ``WWW-Authenticate`` header, so that a missing, expired or revoked token is a 401.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, with the refusals each endpoint may answer (400, 401, 403, 404, 429).
    "DEFAULT_SCHEMA_CLASS": "safety_portal.api_schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# Calls a minute (safety_portal/api_kit.py): per token or session, per anonymous address.
API_CALLS_PER_MINUTE = env_int("API_CALLS_PER_MINUTE", 600, minimum=1)
API_ANONYMOUS_CALLS_PER_MINUTE = env_int("API_ANONYMOUS_CALLS_PER_MINUTE", 120, minimum=1)
# Personal API tokens (accounts.models.ApiToken), kept by django-rest-knox as a digest.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model, no secret)
SPECTACULAR_SETTINGS = {
    "TITLE": "Safety Portal API",
    "DESCRIPTION": (
        "The school safety committees' records, with the same rights as the pages: "
        "each caller sees what the portal shows them, and nothing more."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page's assets come from drf-spectacular-sidecar (PyPI).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("status", "kind"), each under a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "committees.models.Level",
        "BuildingLevelEnum": "committees.models.Building.Level",
        "MeetingLevelEnum": "meetings.api.MEETING_LEVELS",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AttendanceStatusEnum": "meetings.models.Attendance.Status",
        "ActionItemStatusEnum": "followups.models.ActionItem.Status",
        "CategoryEnum": "committees.models.Category",
        "WorkCategoryEnum": "followups.models.WorkCategory",
        "IncidentStatusEnum": "incidents.models.Incident.Status",
        "IncidentKindEnum": "incidents.models.Incident.Kind",
        "ConcernStatusEnum": "incidents.models.Concern.Status",
        "DrillKindEnum": "incidents.models.DrillKind",
        "DrillPeriodStatusEnum": "incidents.cadence.PERIOD_STATUSES",
        "ProcedureKindEnum": "procedures.models.Procedure.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
    },
}

# Content-Security-Policy on every response (django-csp): scripts and styles only from
# the site's own files, never inline; no plugins, no framing, forms post only here.
# The templates carry no <script>, no on*= handlers and no style= attributes (a test
# holds them to it); images may be data: URIs for the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' HSTS preload list is the district's own decision.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", _LOG_LEVELS)},
}

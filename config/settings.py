"""Backtrack settings: one module, driven by environment variables (see README, "Configuration").

Every value comes from the environment through the helpers in ``config.env``, which refuse a
malformed value at start-up instead of guessing. Development defaults apply only when DEBUG is on.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from config.env import env_bool, env_int, env_list, env_str
from core.countries import COUNTRY_NAMES
from monitoring.thresholds import thresholds_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files in development (SQLite, beat schedule); git-ignored

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Backtrack")  # the name mails and account pages use

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "accounts.apps.TwoFactorConfig",  # allauth.mfa, named "Two-factor login" in the admin
    "simple_history",
    "csp",
    "core",
    "accounts",
    "triage",
    "journal",
    "monitoring",
    "plans",
    "clinic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.headers.PrivatePagesMiddleware",  # no-store on pages with health data; Permissions-Policy
    "accounts.middleware.ClinicianIdleSignOutMiddleware",  # signs physios and staff out after CLINICIAN_IDLE_TIMEOUT
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.ClinicianMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'backtrack.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery -----------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

# The shared cache counts rate limits (login throttling, the API, link codes, imports, invitations), so
# it must count atomically: with DEBUG off it is Redis, CACHE_URL or else REDIS_URL. The database cache's
# incr() is a read then a write (95 of 60 requests got through at once), so it is for development only.
CACHE_URL = env_str("CACHE_URL") or ("" if DEBUG else REDIS_URL)
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"CACHE_URL must be a Redis URL (redis://, rediss:// or unix://), not {CACHE_URL.split(':', 1)[0]}: "
        "rate limits need a cache that counts atomically"
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    )
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Imports run on their own queue, read by their own worker (Procfile `importer`,
# deploy/systemd/backtrack-importer.service), so a big export never delays the monitoring scan.
CELERY_TASK_ROUTES = {"journal.run_import": {"queue": "imports"}}
# A worker child that grows past this many KiB is replaced after its task (a hostile file's leftovers go).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000, minimum=50_000)
# How long a web request waits for the broker before giving up (the save itself never waits).
# visibility_timeout: a task taken by a worker that died unacknowledged goes back to the queue after this
# many seconds (longer than any task's time limit).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "socket_timeout": 2,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    # How often a worker sweeps for such tasks: every interval x throttle seconds (kombu's defaults, 10 x 10).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, minimum=1),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10, minimum=1),
}
CELERY_BEAT_SCHEDULE: dict = {
    # Operations (core/tasks.py): the worker's heartbeat for /healthz, and the daily sweep of expired sessions.
    "heartbeat": {"task": "core.heartbeat", "schedule": 60.0},
    "clear-sessions": {"task": "core.clear_sessions", "schedule": crontab(hour=3, minute=45)},
    "accounts-delete-unconfirmed": {
        "task": "accounts.delete_unconfirmed_accounts",
        "schedule": crontab(hour=3, minute=50),
    },
    # Monitoring (monitoring/tasks.py): nightly red-flag scan, check-in emails, daily reminders.
    "monitoring-nightly-scan": {
        "task": "monitoring.nightly_scan",
        "schedule": crontab(hour=env_int("MONITORING_SCAN_HOUR_UTC", 2, minimum=0), minute=15),
    },
    "monitoring-send-due-checkins": {"task": "monitoring.send_due_checkins", "schedule": 15 * 60.0},
    "monitoring-send-daily-reminders": {"task": "monitoring.send_daily_reminders", "schedule": 5 * 60.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", str(VAR_DIR / "celerybeat-schedule"))

# --- Accounts and authentication ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id with OWASP's parameters (see accounts/hashers.py); hashes made with Django's heavier
# defaults still verify (same "argon2" algorithm) and are rehashed at the next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.PatternPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3  # allauth's default; then beat deletes the unconfirmed sign-up
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account within 5 minutes lock that account's login for the rest
    # of the window; plus an address-wide cap. Counters live in the shared cache.
    "login_failed": env_str("LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "login": env_str("LOGIN_RATE", "30/m/ip"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"  # its get_client_ip is core.net.client_address
# Every mail's subject is "[<SITE_NAME>] <subject>", made by core.mail.format_subject alone (the adapter's
# format_email_subject calls it); this is the same value for anything of allauth's that reads the setting.
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Sign-up and reset forms: an address is someone's only once verified (accounts/adapters.py says why).
ACCOUNT_FORMS = {
    "login": "accounts.adapters.LoginForm",
    "signup": "accounts.adapters.SignupForm",
    "reset_password": "accounts.adapters.ResetPasswordForm",
}
# Adding, choosing or removing an address asks for the password again (or the authenticator app's code, not a
# mailed code: our pages offer those two); changes are mailed (a new login address to the old one).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Backtrack"
# When on, physios and staff must set up two-factor authentication before seeing any client data.
MFA_REQUIRED_FOR_CLINICIANS = env_bool("MFA_REQUIRED_FOR_CLINICIANS", not DEBUG)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=60)
SESSION_COOKIE_HTTPONLY = True
# Physios and staff are signed out after this many idle seconds (runners keep SESSION_COOKIE_AGE).
CLINICIAN_IDLE_TIMEOUT = env_int("CLINICIAN_IDLE_TIMEOUT", 30 * 60, minimum=60)

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.staticstorage.StaticFilesStorage"  # WhiteNoise's, with URLs remembered
        )
    },
}
# Source maps (Bootstrap's and Chart.js's, vendored with their packages) are read only by a developer's tools,
# never by a runner's phone: collectstatic leaves them uncompressed, which halves its CPU time on a deploy.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "js.map", "css.map")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Backtrack <no-reply@backtrack.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Secure cookies unless DEBUG (the load test on plain-HTTP loopback uses scripts/loopback_settings.py).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "manifest-src": ["'self'"],
    }
}

# Paths whose answers show health data even to anonymous visitors: never stored by any cache.
# (Every answer to a signed-in user is never stored too: see core/headers.py.)
NO_STORE_PATH_PREFIXES = ["/triage/result/", "/api/", "/accounts/"]

# --- Product settings ----------------------------------------------------------------------------
# Requests to POST /api/triage/ allowed per client address per minute (429 beyond it).
TRIAGE_API_RATE_PER_MINUTE = env_int("TRIAGE_API_RATE_PER_MINUTE", 60, minimum=1)
# Whose emergency and urgent-care numbers visitors (and runners who set no country) see: an ISO 3166
# two-letter code. GB, IE, the EU, US, CA, AU and NZ have their own numbers; anywhere else gets 112.
EMERGENCY_COUNTRY_DEFAULT = env_str("EMERGENCY_COUNTRY_DEFAULT", "GB").upper()
if EMERGENCY_COUNTRY_DEFAULT not in COUNTRY_NAMES:
    raise ImproperlyConfigured(
        f"EMERGENCY_COUNTRY_DEFAULT must be an ISO 3166 two-letter code, not {EMERGENCY_COUNTRY_DEFAULT!r}"
    )
# One-time link codes a runner may try per minute (429 beyond it).
LINK_CODE_TRIES_PER_MINUTE = env_int("LINK_CODE_TRIES_PER_MINUTE", 5, minimum=1)
# A runner's import budgets: megabytes of uploads a day (checked from Content-Length before the body is
# read; 429 beyond it) and activities read a day (the import pauses until the next day beyond it); the
# time limit (seconds) of one import task, which reads one chunk of an upload.
IMPORT_UPLOAD_MB_PER_DAY = env_int("IMPORT_UPLOAD_MB_PER_DAY", 500, minimum=1)
IMPORT_ACTIVITIES_PER_DAY = env_int("IMPORT_ACTIVITIES_PER_DAY", 2000, minimum=1)
IMPORT_TASK_TIME_LIMIT = env_int("IMPORT_TASK_TIME_LIMIT", 300, minimum=60)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use the socket's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # the adapter uses core.net; this keeps allauth's own helper in step
# Invitations a runner may send per day, and invitations one address may receive per day (from anyone).
INVITATIONS_PER_RUNNER_PER_DAY = env_int("INVITATIONS_PER_RUNNER_PER_DAY", 5, minimum=1)
INVITATIONS_PER_ADDRESS_PER_DAY = env_int("INVITATIONS_PER_ADDRESS_PER_DAY", 3, minimum=1)
# Red-flag monitoring thresholds (docs/monitoring.md defines each rule).
MONITORING_BATCH_SIZE = env_int("MONITORING_BATCH_SIZE", 500, minimum=1)  # runners per nightly scan task
# The red-flag thresholds: defaults and their sources live in one place, monitoring/thresholds.py; an
# operator overrides one with MONITORING_<NAME> (the field name in capitals, e.g. MONITORING_HIGH_PAIN=7).
MONITORING_THRESHOLDS = thresholds_from_env(os.environ)
# Demo data loaders run by `manage.py seed_demo` (each feature adds its own).
DEMO_SEEDERS = [
    "accounts.demo.seed",
    "journal.demo.seed",
    "clinic.demo.seed",
    "plans.demo.seed",
    "monitoring.demo.seed",  # last: scans everything the others seeded
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint.progress": {
            "level": "WARNING"
        },  # seven INFO lines for every PDF, each web process's first included
    },
}

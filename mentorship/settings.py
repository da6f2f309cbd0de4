"""Settings for the co-op mentoring site.

One module for every deployment: each difference is an environment variable
read through the small helpers below, with defaults that run on a laptop with
nothing installed (SQLite, Celery's filesystem broker, mail written to files).
"""

from __future__ import annotations

import os
import re
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap as xstatic_bootstrap
from django.core.exceptions import ImproperlyConfigured

from mentorship.project import csp
from mentorship.project.mail import smtp_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# GENERAL
# ------------------------------------------------------------------------------
DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-DEBUG"  # noqa: S105
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_TZ = True
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
USE_I18N = True
# The site's own strings; then Welsh for the packages' strings (allauth, Django's password rules).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "packages"]
SITE_ID = 1

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.forms",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_celery_beat",
]
LOCAL_APPS = [
    "accounts",
    "mentorship",
    "matching",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.MemberTimezoneMiddleware",
    "accounts.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Widget templates may be overridden from templates/ like any other template.
FORM_RENDERER = "mentorship.project.form_renderer.SiteFormRenderer"
ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"
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
                "mentorship.project.context_processors.programme",
            ],
        },
    },
]

# DATABASES
# ------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=envint("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # WAL lets the web server, the worker and beat read while one writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as an empty cache while Redis is down, so signing in still works.
            "BACKEND": "mentorship.project.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "mentoring"),
            # A Redis that swallows packets must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "mentorship:dashboard"
# Coordinators land on the programme page instead (accounts.adapters.AccountAdapter).
COORDINATOR_LOGIN_REDIRECT_URL = "mentorship:programme"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# The subject prefix, "[Co-op Mentoring] " in the reader's language, comes from AccountAdapter.
# allauth's defaults, stated so that nobody switches them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "change_email": "1/m/user",
    "manage_email": "10/m/user",
    # Ours, counted by allauth's machinery (accounts.services.group_invitation_create).
    "group_invitation": "20/d/user",
}
# Each group invitation mails an address a member typed: at most this many a day per member
# (allauth's rate format, amount/period/per), and a group has at most this many open at once.
GROUP_INVITATION_RATE_LIMIT = ACCOUNT_RATE_LIMITS["group_invitation"]
GROUP_INVITATIONS_OPEN_MAX = 10
# A coordinator's bulk invitations to a cohort leave through the outbox's sweep at most this many
# a minute, so thousands of addresses are not mailed in one burst.
COHORT_INVITATIONS_PER_MINUTE = 200
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Coordinators must sign in with an authenticator code (accounts/two_factor.py). For `make run`
# only, a code that every authenticator form accepts, so a person trying the demo needs no phone.
MFA_TOTP_INSECURE_BYPASS_CODE = env("MFA_TOTP_INSECURE_BYPASS_CODE") or None
if MFA_TOTP_INSECURE_BYPASS_CODE and not DEBUG:
    raise ImproperlyConfigured("MFA_TOTP_INSECURE_BYPASS_CODE is for the demo: DEBUG must be on")

# STATIC
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
# Bootstrap comes from the xstatic-bootstrap package: no CDN, nothing fetched at run time.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# EMAIL
# ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Co-op Mentoring <mentoring@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where members write to the programme's people; in every page's footer and the privacy notice.
PROGRAMME_CONTACT_EMAIL = env("PROGRAMME_CONTACT_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])
if not re.fullmatch(r"[^@\s]+@[^@\s]+", PROGRAMME_CONTACT_EMAIL):
    raise ImproperlyConfigured("PROGRAMME_CONTACT_EMAIL must be an email address")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)

EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    globals().update(smtp_settings(EMAIL_URL))
else:
    # With nothing configured, mail is written as files a person can open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# CELERY
# ------------------------------------------------------------------------------
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# Every task is acknowledged after it runs (so a worker that dies mid-task leaves it queued) and
# is safe to run twice: set here for all, never per task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task past its soft limit gets SoftTimeLimitExceeded; past the hard one its process is killed.
# Both stay well under Redis's visibility_timeout, which would otherwise hand a task still
# running to a second worker. Only the tasks whose work grows with the programme get longer.
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
_LONG_TASK_LIMITS = {"soft_time_limit": 15 * 60, "time_limit": 16 * 60}
CELERY_TASK_ANNOTATIONS = {
    "matching.tasks.run_matching": _LONG_TASK_LIMITS,
    "mentorship.tasks.sweep_reminders": _LONG_TASK_LIMITS,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
# If the broker is down when an event queues an email, give up quickly: the row is in the
# outbox and the every-minute sweep sends it once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# HEALTH
# ------------------------------------------------------------------------------
# /healthz reports the worker "stale" (503 only with ?worker) when its every-minute heartbeat is
# older than this.
HEALTH_WORKER_MAX_SILENCE_MINUTES = envint("HEALTH_WORKER_MAX_SILENCE_MINUTES", 5)
# Docker's health check calls /healthz over plain HTTP inside the container: no HTTPS redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth's rate limits count per client address. Behind a proxy every request comes from the
# proxy, so say how many proxies of ours append to X-Forwarded-For (the client is that many
# entries from the right), or which header our proxy sets to the client's address. With neither,
# both headers are ignored: anyone can send them, claiming any address.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={ALLAUTH_TRUSTED_PROXY_COUNT} is below 0")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER").strip() or None
if ALLAUTH_TRUSTED_CLIENT_IP_HEADER and not re.fullmatch(
    r"[A-Za-z0-9-]+", ALLAUTH_TRUSTED_CLIENT_IP_HEADER
):
    raise ImproperlyConfigured(
        f"TRUSTED_CLIENT_IP_HEADER={ALLAUTH_TRUSTED_CLIENT_IP_HEADER!r} is not a header name"
    )
if ALLAUTH_TRUSTED_PROXY_COUNT and ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or TRUSTED_CLIENT_IP_HEADER, not both")
# A request body over 1 MiB, or a form with more than 1,000 fields, is refused with 400: no page
# of this site sends anything near that (the longest form, a session log, is under 40 KiB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Scripts and styles only from our own files, never inline (the policy: mentorship/project/csp.py).
CONTENT_SECURITY_POLICY = csp.CONTENT_SECURITY_POLICY

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

"""Settings for ecopetition, read from the environment with safe defaults.

Everything that differs between a laptop and production comes from an
environment variable: DATABASE_URL, ECOPETITION_DATA_DIR, SECRET_KEY, DEBUG,
ALLOWED_HOSTS. The embedded default is a SQLite file in the data folder.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("ECOPETITION_DATA_DIR", "var")).resolve()
ATTACHMENTS_DIR = DATA_DIR / "attachments"
DOCUMENTS_DIR = DATA_DIR / "documents"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ecopetition.core.apps.AxesConfig",  # django-axes, named for the admin
    "ecopetition.core",
    "ecopetition.org",
    "ecopetition.cases",
    "ecopetition.notify",
    "ecopetition.deadlines",
    "ecopetition.triage",
    "ecopetition.documents",
    "ecopetition.fieldwork",
    "ecopetition.intake",
    "ecopetition.analytics",
    "ecopetition.oversight",
    "ecopetition.meetings",
    "ecopetition.ops",
    "ecopetition.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The language comes from a cookie only (no body read): the refusal below is in it too.
    "ecopetition.core.middleware.ChineseFirstLocaleMiddleware",
    # Before anything reads the body: an oversized request is refused unread.
    "ecopetition.core.middleware.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ecopetition.oversight.middleware.InspectorReadOnlyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ecopetition.core.middleware.SecurityHeadersMiddleware",
    "ecopetition.core.middleware.DomainErrorMiddleware",
    # Last: turns a locked-out login into the log-in page with the lockout message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ecopetition.urls"
WSGI_APPLICATION = "ecopetition.wsgi.application"

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
                "django.template.context_processors.i18n",
                "ecopetition.core.context_processors.console",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ecopetition.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work side by side; IMMEDIATE makes every
    # transaction take the write lock up front, so two writers queue on the
    # busy timeout instead of failing with "database is locked" half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("ECOPETITION_TEST_SQLITE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): failed log-ins are counted per user name and, separately, per client
# address in the database (shared by every worker); past the limit that name or that address is
# refused for the cool-off time, with the same message whether or not the user exists. A wrong old
# password on the password change page counts as a failed log-in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ecopetition.core.views.client_address"
AXES_LOCKOUT_CALLABLE = "ecopetition.core.views.locked_out"
AXES_VERBOSE = False
# django-axes keeps a failed attempt's form fields; the password change form's passwords are masked like
# the log-in's (wrong old passwords on it count as failed log-ins: core.forms.PasswordChangeForm).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "landing"  # by role: see core.views.landing
LOGOUT_REDIRECT_URL = "/accounts/login/"

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them (2026年12月3日 15:42): ecopetition/core/formats.
FORMAT_MODULE_PATH = ["ecopetition.core.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or os.environ.get("ECOPETITION_PLAIN_STATIC")
            else "ecopetition.core.storage.StaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or bool(os.environ.get("ECOPETITION_PLAIN_STATIC"))
# With finders, WhiteNoise lists every static file when its middleware is built, which a test client does for
# each new client (45 ms each): look a file up when it is asked for instead.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
ATTACHMENT_MAX_BYTES = int(os.environ.get("ECOPETITION_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest multipart request (files and fields together), refused before it is read; match the proxy's limit.
REQUEST_MAX_UPLOAD_BYTES = int(os.environ.get("ECOPETITION_REQUEST_MAX_UPLOAD_BYTES", str(64 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# HTTPS=1 when the site is served over TLS (directly or behind a proxy that terminates it).
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers on plain HTTP for load balancers probing the app directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Logging --------------------------------------------------------------
# No query string reaches a log whole (an Open311 api_key, a query code, a searched name): the values are
# redacted by core/accesslog.py, here for what Django and the development server log, and in gunicorn's
# access log through the logger class `ecopetition serve` sets.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_urls": {"()": "ecopetition.core.accesslog.RedactURLs"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_urls"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact_urls"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "ecopetition": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

ECOPETITION_SITE_NAME = _("Eco-environmental Petitions and Complaints")

# --- work that follows an action (cases/outbox.py) -------------------------------------
# "inline": statistics, triage and after-commit notices run in the request that did the
# action (simple; what tests and one-off scripts use). "worker": the request only writes an
# outbox row in its own transaction and the background worker (`ecopetition worker`, or the
# thread `ecopetition serve` starts) does the rest in batches, a second or so later. Production
# (`serve`) switches to "worker" unless this is set.
OUTBOX_MODE = os.environ.get("ECOPETITION_OUTBOX", "inline")
if OUTBOX_MODE not in ("inline", "worker"):
    raise ValueError(f"ECOPETITION_OUTBOX must be 'inline' or 'worker', not {OUTBOX_MODE!r}")

# --- deadlines: huey task queue (sweep of deadline clocks) -----------------------------
# The embedded default keeps huey's queue in a SQLite file in the data folder;
# production may name another huey class (e.g. huey.RedisHuey with
# ECOPETITION_HUEY_URL). Tasks: ecopetition/deadlines/tasks.py; run them with
# `ecopetition worker`, or in-process from `ecopetition serve`.
HUEY = {
    "huey_class": os.environ.get("ECOPETITION_HUEY_CLASS", "huey.SqliteHuey"),
    "name": "ecopetition",
    "immediate": env_bool("ECOPETITION_HUEY_IMMEDIATE", False),
    "utc": True,
}
if HUEY["huey_class"] == "huey.SqliteHuey":
    HUEY["filename"] = os.environ.get("ECOPETITION_HUEY_FILE", str(DATA_DIR / "huey.sqlite3"))
elif os.environ.get("ECOPETITION_HUEY_URL"):
    HUEY["url"] = os.environ["ECOPETITION_HUEY_URL"]
ECOPETITION_SWEEP_CRON_MINUTES = os.environ.get("ECOPETITION_SWEEP_CRON_MINUTES", "*")
ECOPETITION_NOTIFY_BACKEND = os.environ.get("ECOPETITION_NOTIFY_BACKEND", "ecopetition.notify.backends.GatewayBackend")
# --- end of deadlines block ------------------------------------------------------------

# --- notifications (notify/): SMS provider, SMTP, links ------------------------------------
# Absolute links in notices (SMS, e-mail), e.g. https://xf.example.gov.cn
ECOPETITION_SITE_URL = os.environ.get("ECOPETITION_SITE_URL", "").rstrip("/")
# SMS: "aliyun" (Alibaba Cloud SMS), "tencent" (Tencent Cloud SMS); empty: the development stub
# (nothing is sent; the outbox page says so). Endpoint and region: empty means the provider's own
# (https://dysmsapi.aliyuncs.com/ and cn-hangzhou; https://sms.tencentcloudapi.com/ and ap-guangzhou).
ECOPETITION_SMS_PROVIDER = os.environ.get("ECOPETITION_SMS_PROVIDER", "")
ECOPETITION_SMS_ENDPOINT = os.environ.get("ECOPETITION_SMS_ENDPOINT", "")
ECOPETITION_SMS_REGION = os.environ.get("ECOPETITION_SMS_REGION", "")
# Tencent only: the SMS application's SdkAppId.
ECOPETITION_SMS_APP_ID = os.environ.get("ECOPETITION_SMS_APP_ID", "")
ECOPETITION_SMS_KEY_ID = os.environ.get("ECOPETITION_SMS_KEY_ID", "")
ECOPETITION_SMS_KEY_SECRET = os.environ.get("ECOPETITION_SMS_KEY_SECRET", "")
ECOPETITION_SMS_SIGN_NAME = os.environ.get("ECOPETITION_SMS_SIGN_NAME", "")
# Template code per kind of notice: "notice_accepted=SMS_1,notice_rejected=SMS_2,..."; for Tencent the
# template id and its variables in order: "query_code=1234567:number|code|url".
ECOPETITION_SMS_TEMPLATES = os.environ.get("ECOPETITION_SMS_TEMPLATES", "")
ECOPETITION_SMS_TIMEOUT = float(os.environ.get("ECOPETITION_SMS_TIMEOUT", "10"))
# E-mail: smtp://user:pass@host:587/?tls=1&from=addr, or smtps://...; empty: the development stub.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("EMAIL_FROM", "noreply@localhost")
if EMAIL_URL and not EMAIL_URL.startswith(("smtp://", "smtps://")):
    raise ValueError("EMAIL_URL must start with smtp:// or smtps://")
if ECOPETITION_SMS_PROVIDER not in ("", "aliyun", "tencent"):
    raise ValueError(f"ECOPETITION_SMS_PROVIDER must be 'aliyun', 'tencent' or empty, not {ECOPETITION_SMS_PROVIDER!r}")
# --- end of deadlines block ------------------------------------------------------------

# --- knobs the apps read (declared here with their environment variable and default) --------
# intake: the public portal and Open311
INTAKE_PORTAL_UNIT = os.environ.get("ECOPETITION_PORTAL_UNIT", "")  # the unit code whose area the portal serves
INTAKE_PORTAL_SUBMITS_PER_HOUR = int(os.environ.get("INTAKE_PORTAL_SUBMITS_PER_HOUR", "10"))
INTAKE_PORTAL_TRACKS_PER_HOUR = int(os.environ.get("INTAKE_PORTAL_TRACKS_PER_HOUR", "60"))
# Wrong query codes per hour, from one client address (whatever the numbers) and for one tracking number
# (from whatever addresses); past either, tracking answers "try again after HH:MM" until the hour ends.
INTAKE_PORTAL_WRONG_CODES_PER_ADDRESS = int(os.environ.get("INTAKE_PORTAL_WRONG_CODES_PER_ADDRESS", "10"))
INTAKE_PORTAL_WRONG_CODES_PER_NUMBER = int(os.environ.get("INTAKE_PORTAL_WRONG_CODES_PER_NUMBER", "20"))
# The portal's photos: how many, and how large each (a phone's photo is 2-5 MB). Together with the form's
# text they make the largest submission the portal takes; a larger one is refused unread (intake.apps).
INTAKE_PORTAL_MAX_PHOTOS = int(os.environ.get("INTAKE_PORTAL_MAX_PHOTOS", "5"))
INTAKE_PORTAL_PHOTO_MAX_BYTES = int(os.environ.get("INTAKE_PORTAL_PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))
INTAKE_OPEN311_JURISDICTION = os.environ.get("ECOPETITION_OPEN311_JURISDICTION", "")  # jurisdiction_id
INTAKE_OPEN311_TYPE = os.environ.get("ECOPETITION_OPEN311_TYPE", "realtime")  # or "batch"
INTAKE_OPEN311_CONTACT = os.environ.get("ECOPETITION_OPEN311_CONTACT", "12369")
# Open311 list reads without an api_key: a page at a time, and so many per address and minute (429 past it).
INTAKE_OPEN311_PUBLIC_PAGE_SIZE = int(os.environ.get("ECOPETITION_OPEN311_PUBLIC_PAGE_SIZE", "100"))
INTAKE_OPEN311_PUBLIC_READS_PER_MINUTE = int(os.environ.get("ECOPETITION_OPEN311_PUBLIC_READS_PER_MINUTE", "20"))
LETTER_KEEP_UNREGISTERED_DAYS = int(os.environ.get("LETTER_KEEP_UNREGISTERED_DAYS", "14"))
# triage
TRIAGE_ON_REGISTER = env_bool("TRIAGE_ON_REGISTER", True)
TRIAGE_ASYNC = env_bool("TRIAGE_ASYNC", False)
TRIAGE_REPEAT_WINDOW_DAYS = int(os.environ.get("TRIAGE_REPEAT_WINDOW_DAYS", "180"))
TRIAGE_REPEAT_RADIUS_M = int(os.environ.get("TRIAGE_REPEAT_RADIUS_M", "200"))
TRIAGE_REPEAT_THRESHOLD = float(os.environ.get("TRIAGE_REPEAT_THRESHOLD", "0.7"))
# oversight: responsibility points per upheld re-check
OVERSIGHT_RESPONSIBILITY_POINTS = os.environ.get("OVERSIGHT_RESPONSIBILITY_POINTS", "5")

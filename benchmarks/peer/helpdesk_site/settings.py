"""Settings of the smallest Django project that serves django-helpdesk for the peer benchmark.

Runs only in the peer's own virtualenv (.venv-helpdesk). Everything comes from
the environment the benchmark sets: DATABASE_URL (postgres://user@host:port/name),
SECRET_KEY, HELPDESK_DATA_DIR, CONN_MAX_AGE. Production-shaped: DEBUG off, the
usual middleware, token authentication for the API.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

DATA_DIR = Path(os.environ.get("HELPDESK_DATA_DIR", "var-helpdesk"))
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "helpdesk_site.urls"
WSGI_APPLICATION = "helpdesk_site.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]

_db = urlsplit(os.environ["DATABASE_URL"])
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": _db.path.lstrip("/"),
    "USER": _db.username or "postgres",
    "PASSWORD": _db.password or "",
    "HOST": _db.hostname or "127.0.0.1",
    "PORT": str(_db.port or 5432),
    # The same connection policy as ecopetition's side of the benchmark.
    "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
LOGIN_URL = "helpdesk:login"

# No mail server on a benchmark machine: helpdesk still renders every notice
# (the submitter's "new ticket" mail) and hands it to a backend that drops it.
# A real SMTP server would only make its side slower.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# Its REST API, token authentication (Basic auth would re-hash the password on
# every request), admin users only as helpdesk requires. No pinax teams.
HELPDESK_API_ENABLED = True
HELPDESK_TEAMS_MODE_ENABLED = False
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

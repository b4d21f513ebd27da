"""WSGI entry point for gunicorn (`ecopetition serve` starts it for you)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopetition.settings")
application = get_wsgi_application()

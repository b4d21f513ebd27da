"""Loaded by pytest before Django is set up (see addopts in pyproject.toml): test-only environment."""

import os

# Serve static files straight from the app folders (no collectstatic manifest in tests).
os.environ.setdefault("ECOPETITION_PLAIN_STATIC", "1")
# pytest-django's live server runs the app in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

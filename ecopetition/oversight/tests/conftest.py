import pytest

from ecopetition.testfixtures import english_messages, fresh_deadline_caches, no_triage, no_triage_on_register  # noqa: F401


@pytest.fixture
def readonly_middleware(settings):
    """The inspector middleware as the lead wires it (after auth and messages)."""
    mw = list(settings.MIDDLEWARE)
    name = "ecopetition.oversight.middleware.InspectorReadOnlyMiddleware"
    if name not in mw:
        mw.insert(mw.index("django.contrib.messages.middleware.MessageMiddleware") + 1, name)
    settings.MIDDLEWARE = mw
    return mw


@pytest.fixture
def without_readonly_middleware(settings):
    """The transition table alone, as the second line of defence behind the middleware."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("InspectorReadOnlyMiddleware")]
    return settings.MIDDLEWARE

import pytest


@pytest.fixture(autouse=True)
def _fresh_deadline_caches():
    """Calendar and policy caches must not outlive a test's rolled-back data."""
    from ecopetition.deadlines import clocks, workcal

    workcal.invalidate()
    clocks.invalidate_policies()
    yield
    workcal.invalidate()
    clocks.invalidate_policies()


@pytest.fixture
def readonly_middleware(settings):
    """The inspector middleware as the lead wires it (after auth and messages)."""
    mw = list(settings.MIDDLEWARE)
    name = "ecopetition.oversight.middleware.InspectorReadOnlyMiddleware"
    if name not in mw:
        mw.insert(mw.index("django.contrib.messages.middleware.MessageMiddleware") + 1, name)
    settings.MIDDLEWARE = mw
    return mw


@pytest.fixture(autouse=True)
def _no_triage_on_register(settings):
    """Triage's classifier (run after each registration commits) is not under test here and costs a minute."""
    settings.TRIAGE_ON_REGISTER = False


@pytest.fixture(autouse=True)
def _english_messages():
    """Assertions on domain messages read the English msgids (pages render Chinese through the middleware)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def without_readonly_middleware(settings):
    """The transition table alone, as the second line of defence behind the middleware."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("InspectorReadOnlyMiddleware")]
    return settings.MIDDLEWARE

import pytest


@pytest.fixture(autouse=True)
def _fresh_deadline_caches():
    from ecopetition.deadlines import clocks, workcal

    workcal.invalidate()
    clocks.invalidate_policies()
    yield
    workcal.invalidate()
    clocks.invalidate_policies()


@pytest.fixture(autouse=True)
def _no_triage_on_register(settings):
    settings.TRIAGE_ON_REGISTER = False


@pytest.fixture(autouse=True)
def _english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield

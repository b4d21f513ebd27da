"""Fixtures several apps' tests share; a conftest takes the ones it needs by importing them.

The suite-wide ones (fast password hashing, a data folder per test, plain static files through
ECOPETITION_PLAIN_STATIC) live in the root conftest and `pytest_env` and need no import.
"""

import pytest


@pytest.fixture(autouse=True)
def fresh_deadline_caches():
    """Calendar and policy caches must not outlive a test's rolled-back data."""
    from ecopetition.deadlines import clocks, workcal

    workcal.invalidate()
    clocks.invalidate_policies()
    yield
    workcal.invalidate()
    clocks.invalidate_policies()


@pytest.fixture
def no_triage(settings):
    """Triage's classifier, run after each registration commits, is not under test here and costs a minute
    to train on a process's first complaint."""
    settings.TRIAGE_ON_REGISTER = False


@pytest.fixture(autouse=True)
def no_triage_on_register(no_triage):
    """`no_triage` for every test of a folder."""


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions on domain messages read the English msgids (pages render Chinese through the middleware)."""
    from django.utils import translation

    with translation.override("en"):
        yield

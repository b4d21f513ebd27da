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


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The world fixture creates 14 users; PBKDF2 at a million rounds would cost ~4 s per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings):
    """Pages render without a collected static manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

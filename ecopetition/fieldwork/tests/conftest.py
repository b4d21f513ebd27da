import pytest


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # The world fixture creates 14 users; PBKDF2 at its default cost makes that ~3.5 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without a collected static manifest.
    # Triage trains its classifier after the first registration commits (tens of seconds): not ours to test.
    settings.TRIAGE_ON_REGISTER = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

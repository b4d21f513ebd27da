import pytest

from ecopetition.org.models import ApiToken


@pytest.fixture
def token(world):
    """A bearer token of the city intake clerk "cara"."""
    _row, key = ApiToken.issue(world.users["cara"], "city system")
    return key


@pytest.fixture
def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _plain_static(settings):
    """Templates render {% static %} without a collected manifest in tests; fast password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Triage trains its model on the first complaint of a process (a minute here); not ours to test.
    settings.TRIAGE_ON_REGISTER = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

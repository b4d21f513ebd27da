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


@pytest.fixture
def categories(db):
    """The shipped pollution categories (a transactional test elsewhere may have flushed them)."""
    from ecopetition.cases.models import Category

    for order, (code, name) in enumerate([("air", "大气"), ("water", "水"), ("noise", "噪声"), ("other", "其他")]):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})


SEED_MIGRATIONS = [
    "ecopetition.cases.migrations.0003_reference_data",
    "ecopetition.deadlines.migrations.0002_seed",
    "ecopetition.documents.migrations.0002_default_templates",
    "ecopetition.documents.migrations.0003_referral_notice",
    "ecopetition.oversight.migrations.0002_seed",
    "ecopetition.triage.migrations.0002_default_rules",
]


@pytest.fixture
def reseeded(transactional_db):
    """Rows the data migrations seed, put back: an earlier transactional test (any app's) flushes
    them, and other domains' registration hooks refer to them."""
    import importlib

    from django.apps import apps
    from django.db import IntegrityError, transaction
    from django.db.migrations import RunPython

    for dotted in SEED_MIGRATIONS:
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError:
            continue
        for op in module.Migration.operations:
            if isinstance(op, RunPython):
                try:
                    with transaction.atomic():
                        op.code(apps, None)
                except (IntegrityError, TypeError, AttributeError):
                    pass

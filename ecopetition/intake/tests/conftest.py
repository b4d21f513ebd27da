import pytest

from ecopetition.org.models import ApiToken
from ecopetition.testfixtures import no_triage, no_triage_on_register  # noqa: F401


@pytest.fixture
def token(world):
    """A bearer token of the city intake clerk "cara"."""
    _row, key = ApiToken.issue(world.users["cara"], "city system")
    return key


@pytest.fixture
def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


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

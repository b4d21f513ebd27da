"""Shared fixtures: the named world (see ecopetition/testing.py) and browser launch settings."""

import os

import pytest

# How a test reaches the suite's database: pytest-django's fixtures, and the real installations of the
# backup and fault tests (ecopetition/ops/tests/conftest.py), which live on the suite's database server.
DATABASE_FIXTURES = frozenset({
    "db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback",
    "installations",
})


def reaches_the_database(item) -> bool:
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or (
        item.get_closest_marker("django_db") is not None)


def pytest_collection_modifyitems(config, items):
    """ECOPETITION_TESTS_DATABASE_ONLY=1 keeps only the tests that reach the database: the second pass of
    scripts/test.sh (PostgreSQL) leaves the others, whose answer is the same on either database, to the
    SQLite pass, which runs everything."""
    if os.environ.get("ECOPETITION_TESTS_DATABASE_ONLY") != "1":
        return
    kept = [item for item in items if reaches_the_database(item)]
    left = [item for item in items if not reaches_the_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def _reseed_reference_data():
    """Put back what data migrations seed (categories, calendars, policies, templates, rules).

    A transactional test (live server, threads) ends with a flush that empties every table; the
    next one must not find the register without its reference data. Each data migration's
    RunPython code runs again, in migration order; schema operations (triggers) are skipped.
    """
    from django.apps import apps
    from django.db import transaction

    for code in _data_steps():
        try:
            with transaction.atomic():
                code(apps, None)
        except Exception:  # noqa: BLE001, S110 - schema steps need a schema editor: not data
            pass


_DATA_STEPS: list = []


def _data_steps() -> list:
    """The data migrations' RunPython code, in migration order: read from the migration graph once per run
    (building the graph costs a few tenths of a second, and the migrations do not change during a run)."""
    if not _DATA_STEPS:
        from django.db import connection
        from django.db.migrations import RunPython
        from django.db.migrations.loader import MigrationLoader

        loader = MigrationLoader(connection, ignore_no_migrations=True)
        plan: list = []
        for leaf in loader.graph.leaf_nodes():
            plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
        for key in plan:
            if loader.graph.nodes[key].__module__.startswith("ecopetition."):
                _DATA_STEPS.extend(op.code for op in loader.graph.nodes[key].operations if isinstance(op, RunPython))
    return _DATA_STEPS


def _flush_by_delete_on_postgresql():
    """A transactional test (live server, threads) ends with a flush. PostgreSQL's flush is one TRUNCATE of
    every table, which makes new files for each table and index: about a second, 44 times per pass. The
    tests' tables hold a few rows, which DELETE empties in milliseconds; the foreign keys are checked at the
    end of the flush's transaction (Django makes them deferrable), when every table is empty. The same rows
    go, the same sequences stay, and the audit table's trigger lets the flush's DELETE through as it lets
    its TRUNCATE (core/auditlock.py)."""
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} "
                f"{style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush


def pytest_configure(config):
    from ecopetition.core.registry import on_flush

    on_flush(_reseed_reference_data)
    _flush_by_delete_on_postgresql()


@pytest.fixture
def world(db):
    from ecopetition.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests log in often; the production hasher (PBKDF2, 1M rounds) is checked in its own test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_login_throttle(settings):
    """Django's test client logs in without a request, which the throttle (django-axes) needs; the
    throttle is switched on in its own tests (ecopetition/core/tests/test_login_throttle.py)."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, settings):
    """Every test writes attachments and documents into its own folder."""
    settings.DATA_DIR = tmp_path / "data"
    settings.ATTACHMENTS_DIR = tmp_path / "data" / "attachments"
    settings.DOCUMENTS_DIR = tmp_path / "data" / "documents"


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }

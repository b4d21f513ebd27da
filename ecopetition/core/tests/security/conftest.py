"""One security world for every test of this package, built once and rolled back at the end.

Building it takes seconds (every case walked through the real actions, documents rendered); each test
runs in a savepoint inside the package's transaction, so none sees another's changes.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from .secworld import build_secworld


@pytest.fixture(scope="package")
def _security_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("security-data")


def _point_data_dir(settings, folder) -> None:
    settings.DATA_DIR = folder
    settings.ATTACHMENTS_DIR = folder / "attachments"
    settings.DOCUMENTS_DIR = folder / "documents"


@pytest.fixture(scope="package")
def _security_world(django_db_setup, django_db_blocker, _security_data_dir):
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(
        DATA_DIR=_security_data_dir, ATTACHMENTS_DIR=_security_data_dir / "attachments",
        DOCUMENTS_DIR=_security_data_dir / "documents",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],  # as every test (conftest.py)
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_secworld()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def sw(_security_world, _data_dir, _security_data_dir, db, settings):
    """The world, with the files its documents and attachments were written to."""
    settings.ALLOWED_HOSTS = ["testserver"]
    _point_data_dir(settings, _security_data_dir)
    return _security_world

"""Shared fixtures: the named world (see ecopetition/testing.py) and browser launch settings."""

import pytest


@pytest.fixture
def world(db):
    from ecopetition.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests log in often; the production hasher (PBKDF2, 1M rounds) is checked in its own test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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

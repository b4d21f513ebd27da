"""Real installations for the backup and fault tests: a data folder and a database of their own, driven
through the `ecopetition` command in separate processes, on the same database server as the suite
(SQLite files on the SQLite pass, databases in the suite's cluster on the PostgreSQL pass).

Migrating costs seconds, so one migrated empty installation is made per session and each test gets
copies of it (a file copy, or CREATE DATABASE ... TEMPLATE).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

import ecopetition

ROOT = Path(ecopetition.__file__).resolve().parent.parent


def base_env() -> dict[str, str]:
    """The test process's environment minus what would tie a child to the test run or its key."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "DATABASE_URL", "ECOPETITION_DATA_DIR", "ECOPETITION_TEST_SQLITE")
           and not k.startswith("PYTEST_")}
    env["DJANGO_SETTINGS_MODULE"] = "ecopetition.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["LOG_LEVEL"] = "ERROR"
    return env


@dataclass
class Installation:
    data_dir: Path
    database_url: str

    def env(self, **extra: str) -> dict[str, str]:
        return {**base_env(), "ECOPETITION_DATA_DIR": str(self.data_dir), "DATABASE_URL": self.database_url,
                **extra}

    def run(self, *args: str, check: bool = True, timeout: float = 180, **extra) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "ecopetition", *args], env=self.env(**extra),
                              capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            pytest.fail(f"ecopetition {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def scenario(self, *args: str, **extra) -> dict:
        proc = subprocess.run([sys.executable, "-m", "ecopetition.ops.tests.scenario", *args],
                              env=self.env(**extra), capture_output=True, text=True, timeout=180)
        if proc.returncode != 0:
            pytest.fail(f"scenario {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else {}


class Server:
    """Where installations' databases live: SQLite files, or databases in the suite's PostgreSQL cluster."""

    def __init__(self, root: Path) -> None:
        from django.conf import settings

        self.root = root
        self.db = dict(settings.DATABASES["default"])
        self.vendor = "postgresql" if self.db["ENGINE"].endswith("postgresql") else "sqlite"
        self.created: list[str] = []
        self.template: Installation | None = None

    # --- PostgreSQL
    def _admin(self):
        import psycopg

        return psycopg.connect(host=self.db.get("HOST") or None, port=self.db.get("PORT") or None,
                               user=self.db.get("USER") or None, password=self.db.get("PASSWORD") or None,
                               dbname="postgres", autocommit=True)

    def _url(self, name: str) -> str:
        user = quote(self.db.get("USER") or "")
        password = quote(self.db.get("PASSWORD") or "")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        return f"postgres://{auth}{self.db.get('HOST') or '127.0.0.1'}:{self.db.get('PORT') or 5432}/{name}"

    def _create_db(self, template: str | None = None) -> str:
        name = f"ops_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return name

    # --- both
    def blank(self) -> Installation:
        """A data folder and an empty, unmigrated database."""
        data = self.root / uuid.uuid4().hex[:12]
        data.mkdir(parents=True)
        if self.vendor == "sqlite":
            return Installation(data, f"sqlite:///{data / 'db.sqlite3'}")
        return Installation(data, self._url(self._create_db()))

    def empty(self) -> Installation:
        """A fresh installation: migrated (reference data seeded), no complaints, no users, no files."""
        if self.template is None:
            self.template = self.blank()
            self.template.run("migrate", "--noinput", "-v", "0", timeout=600)
        inst = self.blank()
        if self.vendor == "sqlite":
            shutil.copyfile(self.template.database_url.removeprefix("sqlite:///"),
                            inst.database_url.removeprefix("sqlite:///"))
        else:
            name = inst.database_url.rsplit("/", 1)[1]
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE "{name}"')
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template.database_url.rsplit("/", 1)[1]}"')
        return inst

    def close(self) -> None:
        if self.vendor == "postgresql" and self.created:
            with self._admin() as conn:
                for name in reversed(self.created):
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def installations(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("installations"))
    yield server
    server.close()

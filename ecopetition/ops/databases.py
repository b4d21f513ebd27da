# ruff: noqa: S603, S608 - runs PostgreSQL's own client tools; table names come from the catalogue, quoted
"""The database half of a backup: a consistent copy out, and a whole-database replacement in, per vendor.

SQLite: the online backup API copies one consistent snapshot (writers in WAL mode go on meanwhile) and
restores the same way into the live file, so a process that still has it open sees the new content,
never a torn mix. PostgreSQL: pg_dump in its custom format inside an exported snapshot, so the row
counts written to the manifest describe exactly what was dumped; restored by psql in ONE transaction
that first drops the installation's tables, so a failure leaves the old database as it was.

Both keep every value as stored (time stamps to the microsecond, JSON as written), which the audit
trail's hash chains need, and neither has to pass the append-only triggers on the event table: no
event row is ever updated or deleted, tables are copied, created or dropped whole.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.utils.translation import gettext as _


class OpsError(Exception):
    """A backup or restore refused or failed; the message says why, for a person."""


@dataclass
class Snapshot:
    """What one consistent read of the database found: row counts and the files its rows point to."""

    counts: dict[str, int] = field(default_factory=dict)
    # relative path under its root -> (root name, sha256 recorded in the row)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    migrations: list[tuple[str, str]] = field(default_factory=list)
    server_version: str = ""


def _file_columns() -> list[tuple[str, str, str, str]]:
    """(root, table, name column, sha256 column) for every row type that points to a stored file."""
    wanted = [
        ("attachments", "cases", "Attachment", "storage_name", "sha256"),
        ("attachments", "intake", "ScannedLetter", "storage_name", "sha256"),  # originals of scanned letters
        ("documents", "documents", "Document", "pdf_name", "pdf_sha256"),
        ("documents", "documents", "Document", "docx_name", "docx_sha256"),
    ]
    out = []
    for root, app_label, model_name, name_field, sha_field in wanted:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        meta = model._meta
        out.append((root, meta.db_table, meta.get_field(name_field).column, meta.get_field(sha_field).column))
    return out


def _read_snapshot(cursor, tables: list[str], quote) -> Snapshot:
    snap = Snapshot()
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        snap.counts[table] = int(cursor.fetchone()[0])
    for root, table, name_col, sha_col in _file_columns():
        if table not in snap.counts:
            continue
        cursor.execute(f"SELECT {quote(name_col)}, {quote(sha_col)} FROM {quote(table)}")
        for name, sha in cursor.fetchall():
            if name:
                snap.files[(root, name)] = sha or ""
    if "django_migrations" in snap.counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        snap.migrations = [(app, name) for app, name in cursor.fetchall()]
    return snap


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows per table of the live database (tables that do not exist yet are simply absent)."""
    conn = connections[using]
    with conn.cursor() as cur:
        tables = conn.introspection.table_names(cur)
        return _read_snapshot(cur, tables, conn.ops.quote_name).counts


class SqliteDatabase:
    vendor = "sqlite"
    member = "database/ecopetition.sqlite3"

    def __init__(self, using: str = "default") -> None:
        self.conn = connections[using]

    def describe(self) -> str:
        return str(self.conn.settings_dict["NAME"])

    def dump(self, target: Path) -> Snapshot:
        self.conn.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): the copy is a single read transaction, consistent even while others write.
            self.conn.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            check = copy.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise OpsError(_("The database copy failed its integrity check: %(detail)s") % {"detail": check})
            cur = copy.cursor()
            tables = [r[0] for r in cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            snap = _read_snapshot(cur, tables, lambda n: '"' + n.replace('"', '""') + '"')
            snap.server_version = sqlite3.sqlite_version
            return snap
        finally:
            copy.close()

    def check_dump(self, source: Path) -> None:
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                check = src.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            raise OpsError(_("The database in the backup cannot be read: %(detail)s") % {"detail": exc}) from exc
        if check != "ok":
            raise OpsError(_("The database in the backup failed its integrity check: %(detail)s") % {"detail": check})

    def load(self, source: Path) -> None:
        """Replace the whole live database with `source` (one write transaction on the live file)."""
        name = str(self.conn.settings_dict["NAME"])
        if name and ":memory:" not in name and "mode=memory" not in name:
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        self.conn.close()
        self.conn.ensure_connection()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(self.conn.connection)
        except sqlite3.Error as exc:
            raise OpsError(_("The database could not be replaced: %(detail)s") % {"detail": exc}) from exc
        finally:
            src.close()
            self.conn.close()


# libpq connection keywords that may come through DATABASES["default"]["OPTIONS"] (e.g. ?sslmode=require).
LIBPQ_OPTIONS = {
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword", "gssencmode", "channel_binding",
    "connect_timeout", "options", "application_name", "target_session_attrs", "service", "passfile",
    "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "sslnegotiation",
}


def _pg_tool(name: str, server_major: int | None) -> str:
    """pg_dump/pg_restore/psql: ECOPETITION_PG_BIN, else the installed version matching the server, else PATH."""
    candidates = []
    if os.environ.get("ECOPETITION_PG_BIN"):
        candidates.append(Path(os.environ["ECOPETITION_PG_BIN"]) / name)
    base = Path("/usr/lib/postgresql")
    if server_major:
        candidates.append(base / str(server_major) / "bin" / name)
    if base.is_dir():
        versions = sorted((p for p in base.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True)
        candidates += [p / "bin" / name for p in versions]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    found = shutil.which(name)
    if found:
        return found
    raise OpsError(_("PostgreSQL's %(tool)s was not found. Install the PostgreSQL client (apt-get install "
                     "postgresql-client) or set ECOPETITION_PG_BIN to its folder.") % {"tool": name})


class PostgresDatabase:
    vendor = "postgresql"
    member = "database/postgresql.dump"

    def __init__(self, using: str = "default") -> None:
        self.conn = connections[using]

    def describe(self) -> str:
        s = self.conn.settings_dict
        return f"{s.get('NAME')} on {s.get('HOST') or 'local socket'}:{s.get('PORT') or 5432}"

    def _server_major(self) -> int | None:
        self.conn.ensure_connection()
        return self.conn.pg_version // 10000 if self.conn.pg_version else None

    def _client(self) -> tuple[str, dict]:
        """A libpq connection string (no password) and the environment that carries the password."""
        from psycopg.conninfo import make_conninfo

        s = self.conn.settings_dict
        params = {"dbname": s.get("NAME") or "postgres"}
        for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER")):
            if s.get(setting):
                params[key] = str(s[setting])
        params.update({k: str(v) for k, v in (s.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS})
        env = {**os.environ}
        if s.get("PASSWORD"):
            env["PGPASSWORD"] = str(s["PASSWORD"])
        return make_conninfo(**params), env

    def dump(self, target: Path) -> Snapshot:
        from django.db import transaction

        tool = _pg_tool("pg_dump", self._server_major())
        conninfo, env = self._client()
        with transaction.atomic(using=self.conn.alias), self.conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot_id, version = cur.fetchone()
            tables = self.conn.introspection.table_names(cur)
            snap = _read_snapshot(cur, tables, self.conn.ops.quote_name)
            snap.server_version = version
            # Uncompressed: the archive compresses; owner and grants belong to the installation restored into.
            cmd = [tool, "--format=custom", "--compress=0", "--no-owner", "--no-privileges",
                   f"--snapshot={snapshot_id}", f"--file={target}", f"--dbname={conninfo}"]
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise OpsError(_("pg_dump failed: %(detail)s") % {"detail": proc.stderr.strip()[-2000:]})
        return snap

    def check_dump(self, source: Path) -> None:
        tool = _pg_tool("pg_restore", self._server_major())
        proc = subprocess.run([tool, "--list", str(source)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise OpsError(_("The database in the backup cannot be read: %(detail)s")
                           % {"detail": proc.stderr.strip()[-2000:]})

    def load(self, source: Path) -> None:
        """Drop every table of the installation and load the dump, all in one transaction."""
        major = self._server_major()
        pg_restore, psql = _pg_tool("pg_restore", major), _pg_tool("psql", major)
        conninfo, env = self._client()
        with self.conn.cursor() as cur:
            tables = self.conn.introspection.table_names(cur)
        quote = self.conn.ops.quote_name
        prelude = ["SET lock_timeout = '30s';", "BEGIN;"]
        if tables:
            # Tables the dump does not know (a newer schema) go too; migrate brings them back afterwards.
            prelude.append(f"DROP TABLE IF EXISTS {', '.join(quote(t) for t in tables)} CASCADE;")
        self.conn.close()  # our own session must hold no lock on what is dropped
        with tempfile.TemporaryFile() as psql_err, tempfile.TemporaryFile() as restore_err:
            client = subprocess.Popen([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", f"--dbname={conninfo}"],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=env)
            reader = subprocess.Popen(
                [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", str(source)],
                stdout=subprocess.PIPE, stderr=restore_err,
            )
            try:
                client.stdin.write("\n".join(prelude).encode() + b"\n")
                shutil.copyfileobj(reader.stdout, client.stdin, 1024 * 1024)
                if reader.wait() == 0:
                    client.stdin.write(b"COMMIT;\n")
            except BrokenPipeError:
                pass  # psql stopped at an error: its message says which; the transaction is rolled back
            finally:
                reader.stdout.close()
                try:
                    client.stdin.close()
                except BrokenPipeError:
                    pass
                reader_rc, client_rc = reader.wait(), client.wait()
            if reader_rc != 0 or client_rc != 0:
                restore_err.seek(0)
                psql_err.seek(0)
                detail = (restore_err.read() + psql_err.read()).decode(errors="replace").strip()[-2000:]
                raise OpsError(_("The database could not be restored (nothing was changed): %(detail)s")
                               % {"detail": detail})


def for_connection(using: str = "default"):
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return SqliteDatabase(using)
    if vendor == "postgresql":
        return PostgresDatabase(using)
    raise OpsError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})

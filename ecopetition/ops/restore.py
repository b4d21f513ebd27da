"""`ecopetition restore`: put a backup back, into an empty installation (or, with --force, over one).

Order of work, so that a refusal never leaves anything half-done:
1. refuse a non-empty installation unless forced (complaints, audit events, users or stored files);
2. unpack the whole archive into a staging folder inside the data folder, checking every member
   against the manifest's SHA-256; check the format, the database vendor and that this code knows
   every migration the backup's schema has. Any failure stops here: nothing was touched;
3. replace the database (one transaction, see databases.py), then move the staged files into place
   (renames on the same file system); what a forced restore replaced is kept aside, not deleted;
4. apply newer migrations, then verify: row counts as recorded, every audit chain intact, every
   attachment and document row finds its file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils.translation import gettext as _

from . import archive, databases
from .backup import Say, _size, file_roots
from .databases import OpsError


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    files: int
    kept_aside: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def installation_contents(using: str = "default") -> list[str]:
    """What a restore would replace, in words; empty for a fresh installation."""
    from django.contrib.auth import get_user_model

    from ecopetition.cases.models import Complaint, Event

    conn = connections[using]
    with conn.cursor() as cur:
        tables = set(conn.introspection.table_names(cur))
        found = []
        for model, words in ((Complaint, _("%(n)s complaints")), (Event, _("%(n)s audit events")),
                             (get_user_model(), _("%(n)s user accounts"))):
            table = model._meta.db_table
            if table in tables:
                cur.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608
                n = cur.fetchone()[0]
                if n:
                    found.append(words % {"n": n})
    files = 0
    for root in file_roots().values():
        if root.is_dir():
            files += sum(1 for _p in _iter_files(root))
    if files:
        found.append(_("%(n)s stored files") % {"n": files})
    return found


def _iter_files(root: Path):
    for _folder, _dirs, names in os.walk(root):
        yield from names


def restore_backup(source: Path, *, force: bool = False, say: Say = print) -> RestoreResult:
    source = Path(source)
    if not source.is_file():
        raise OpsError(_("There is no backup file %(path)s.") % {"path": source})
    db = databases.for_connection()
    present = installation_contents()
    if present and not force:
        raise OpsError(_("This installation is not empty (%(found)s). A restore replaces everything in it; "
                         "run it again with --force if that is what you want.") % {"found": "; ".join(present)})
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    started = time.monotonic()
    try:
        say(_("Checking %(path)s…") % {"path": source})
        manifest = _unpack_and_verify(source, staging, say)
        _check_compatible(manifest, db)
        dump = staging / manifest["database"]["member"]
        db.check_dump(dump)
        say(_("Archive intact: %(members)s members match their checksums (backup of %(when)s).")
            % {"members": len(manifest["members"]), "when": manifest.get("created_at", "?")})

        say(_("Replacing the database (%(vendor)s, %(where)s)…") % {"vendor": db.vendor, "where": db.describe()})
        db.load(dump)
        dump.unlink()
        counts = databases.table_counts()
        result = RestoreResult(manifest, counts, 0)

        say(_("Putting the files in place…"))
        try:
            result.files = _place_files(staging, stamp=dt.datetime.now().strftime("%Y%m%d-%H%M%S"),  # noqa: DTZ005
                                        keep_old=bool(present), result=result)
            _restore_secret(staging, manifest, keep_old=bool(present), result=result)
        except OSError as exc:
            raise OpsError(_("The database was restored but the files could not be put in place (%(reason)s). "
                             "Free the space or fix the permissions, then run the restore again with --force.")
                           % {"reason": exc}) from exc
        _flush_queue()

        say(_("Bringing the schema up to date…"))
        call_command("migrate", interactive=False, verbosity=0)
        from ecopetition.core import registry

        for hook in registry.FLUSH_HOOKS:
            hook()

        say(_("Verifying…"))
        result.problems = _verify(manifest, counts)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for path in result.kept_aside:
        say(_("What was there before is kept in %(path)s") % {"path": path})
    for warning in result.warnings:
        say(_("WARNING: %(problem)s") % {"problem": warning})
    say(_("Restored %(complaints)s complaints, %(events)s audit events, %(files)s files in %(seconds).1f s.")
        % {"complaints": counts.get("cases_complaint", 0), "events": counts.get("cases_event", 0),
           "files": result.files, "seconds": time.monotonic() - started})
    return result


def _damaged(detail) -> OpsError:
    return OpsError(_("The backup file is damaged or incomplete (%(detail)s); nothing was changed.")
                    % {"detail": detail})


def _unpack_and_verify(source: Path, staging: Path, say: Say) -> dict:
    seen: dict[str, tuple[int, str]] = {}
    manifest_body = manifest_sum = None
    last, total = time.monotonic(), 0
    try:
        with tarfile.open(source, "r|*") as tar:
            for member in tar:
                path = archive.safe_member_name(member.name)
                if path is None or not member.isfile():
                    raise OpsError(_("The backup file holds an unexpected entry “%(name)s”; it is not "
                                     "an ecopetition backup. Nothing was changed.") % {"name": member.name})
                fh = tar.extractfile(member)
                if member.name == archive.MANIFEST:
                    manifest_body = fh.read()
                    continue
                if member.name == archive.MANIFEST_SUM:
                    manifest_sum = fh.read().decode("ascii", "replace").strip()
                    continue
                if member.name in seen:
                    raise _damaged(_("“%(name)s” appears twice") % {"name": member.name})
                dest = staging.joinpath(*path.parts)
                digest, size = hashlib.sha256(), 0
                try:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with open(dest, "wb") as out:
                        while chunk := fh.read(archive.CHUNK):
                            digest.update(chunk)
                            size += len(chunk)
                            out.write(chunk)
                except OSError as exc:
                    raise OpsError(_("The backup could not be unpacked into %(path)s: %(reason)s. Nothing "
                                     "was changed.") % {"path": staging.parent, "reason": exc.strerror}) from exc
                seen[member.name] = (size, digest.hexdigest())
                total += size
                if time.monotonic() - last > 2:
                    last = time.monotonic()
                    say(_("  checked %(count)s members (%(size)s)…") % {"count": len(seen), "size": _size(total)})
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise _damaged(exc) from exc
    except OSError as exc:  # gzip: not a gzip file, or a CRC error
        raise _damaged(exc) from exc
    if manifest_body is None:
        raise _damaged(_("it has no manifest: not an ecopetition backup, or cut short"))
    if manifest_sum != hashlib.sha256(manifest_body).hexdigest():
        raise _damaged(_("the manifest does not match its checksum"))
    try:
        manifest = json.loads(manifest_body)
    except ValueError as exc:
        raise _damaged(exc) from exc
    if manifest.get("format") != archive.FORMAT:
        raise OpsError(_("This is not an ecopetition backup."))
    if int(manifest.get("version", 0)) > archive.VERSION:
        raise OpsError(_("The backup was written in a newer format (%(v)s); restore it with the ecopetition "
                         "version that wrote it, or a later one.") % {"v": manifest.get("version")})
    expected = manifest.get("members") or {}
    missing = sorted(n for n in expected if n not in seen)
    extra = sorted(n for n in seen if n not in expected)
    changed = sorted(n for n in expected if n in seen
                     and seen[n] != (expected[n]["size"], expected[n]["sha256"]))
    if missing or extra or changed:
        parts = []
        if changed:
            parts.append(_("checksum wrong: %(names)s") % {"names": ", ".join(changed[:10])})
        if missing:
            parts.append(_("missing: %(names)s") % {"names": ", ".join(missing[:10])})
        if extra:
            parts.append(_("not in the manifest: %(names)s") % {"names": ", ".join(extra[:10])})
        raise _damaged("; ".join(parts))
    if manifest.get("database", {}).get("member") not in seen:
        raise _damaged(_("it holds no database"))
    return manifest


def _check_compatible(manifest: dict, db) -> None:
    from django.db.migrations.loader import MigrationLoader

    vendor = manifest["database"]["vendor"]
    if vendor != db.vendor:
        raise OpsError(_("This backup holds a %(backup)s database but this installation uses %(here)s; restore "
                         "it into an installation of the same kind. Nothing was changed.")
                       % {"backup": vendor, "here": db.vendor})
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known]
    if unknown:
        raise OpsError(_("The backup comes from a newer version of ecopetition (its schema has %(names)s); "
                         "upgrade this installation first. Nothing was changed.") % {"names": ", ".join(unknown[:5])})


def _move(src: Path, dest: Path) -> None:
    try:
        os.replace(src, dest)
    except OSError:
        shutil.move(str(src), str(dest))  # another file system: copy, then remove


def _place_files(staging: Path, *, stamp: str, keep_old: bool, result: RestoreResult) -> int:
    count = 0
    for root_name, target in file_roots().items():
        staged = staging / "files" / root_name
        staged.mkdir(parents=True, exist_ok=True)
        count += sum(1 for _p in _iter_files(staged))
        if target.exists():
            if keep_old and any(True for _p in _iter_files(target)):
                aside = target.with_name(f"{target.name}.before-restore-{stamp}")
                _move(target, aside)
                result.kept_aside.append(aside)
            else:
                shutil.rmtree(target)  # only empty folders (or a forced restore over nothing)
        target.parent.mkdir(parents=True, exist_ok=True)
        _move(staged, target)
    return count


def _restore_secret(staging: Path, manifest: dict, *, keep_old: bool, result: RestoreResult) -> None:
    info = manifest.get("secret_key") or {}
    staged = staging / "secret" / "secret_key"
    key_file = Path(settings.DATA_DIR) / "secret_key"
    if info.get("included") and staged.is_file() and not os.environ.get("SECRET_KEY"):
        if key_file.is_file() and key_file.read_bytes() != staged.read_bytes() and keep_old:
            aside = key_file.with_name(f"secret_key.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}")  # noqa: DTZ005
            _move(key_file, aside)
            result.kept_aside.append(aside)
        _move(staged, key_file)
        key_file.chmod(0o600)
        return
    if info.get("fingerprint") and info["fingerprint"] != archive.secret_fingerprint(settings.SECRET_KEY):
        result.warnings.append(_("SECRET_KEY differs from the one of the backed-up installation: query codes "
                                 "that complainants got from the portal will not match until SECRET_KEY is set "
                                 "back to that key."))


def _flush_queue() -> None:
    """Queued background tasks name rows of the replaced database: drop them (periodic ones come back)."""
    try:
        from huey.contrib.djhuey import HUEY

        HUEY.flush()
    except Exception:  # noqa: BLE001, S110 - no queue configured or reachable: nothing to drop
        pass


def _verify(manifest: dict, counts: dict[str, int]) -> list[str]:
    from ecopetition.cases import audit

    problems = []
    for table, n in sorted((manifest.get("counts") or {}).items()):
        if counts.get(table) != n:
            problems.append(_("table %(table)s has %(got)s rows; the backup recorded %(want)s")
                            % {"table": table, "got": counts.get(table), "want": n})
    brk = next(iter(audit.verify()), None)
    if brk is not None:
        problems.append(_("audit chain broken at %(where)s") % {"where": brk})
    snap_files = _referenced_files()
    missing = [f"{root}/{name}" for root, name in snap_files if not (file_roots()[root] / name).is_file()]
    if missing:
        problems.append(_("%(n)s files named by rows are missing, e.g. %(names)s")
                        % {"n": len(missing), "names": ", ".join(missing[:5])})
    return problems


def _referenced_files() -> list[tuple[str, str]]:
    conn = connections["default"]
    out = []
    with conn.cursor() as cur:
        tables = set(conn.introspection.table_names(cur))
        for root, table, name_col, _sha in databases._file_columns():
            if table in tables:
                q = conn.ops.quote_name
                cur.execute(f"SELECT {q(name_col)} FROM {q(table)}")  # noqa: S608
                out += [(root, name) for (name,) in cur.fetchall() if name]
    return out

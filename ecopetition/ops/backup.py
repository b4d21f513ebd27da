"""`ecopetition backup`: the database and the stored files of an installation in one checked archive.

The database is copied first, as one consistent snapshot, then the files. Attachments and documents
are written to their final place before the row that names them commits and are never changed
afterwards, so every row in the snapshot finds its file; a file uploaded after the snapshot is
archived too, harmlessly, without a row. Each attachment and document is checked against the
SHA-256 its row recorded, so a file that rotted on disk is reported now, not found out at a restore.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import archive, databases
from .databases import OpsError

Say = Callable[[str], None]


@dataclass
class BackupResult:
    path: Path
    size: int
    sha256: str
    counts: dict[str, int]
    files: int
    problems: list[str] = field(default_factory=list)


def default_name(now: dt.datetime | None = None) -> str:
    from django.utils import timezone

    now = timezone.localtime(now or timezone.now())
    return f"ecopetition-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ecopetition")
    except PackageNotFoundError:
        return "unknown"


def file_roots() -> dict[str, Path]:
    return {"attachments": Path(settings.ATTACHMENTS_DIR), "documents": Path(settings.DOCUMENTS_DIR)}


def _walk(root: Path):
    """Regular files under `root`, in a stable order; `.part` files are writes still under way."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if name.endswith(".part") or path.is_symlink() or not path.is_file():
                continue
            yield path


def _size(n: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return str(filesizeformat(n))


def create_backup(target: Path, *, say: Say = print, include_secret: bool = True) -> BackupResult:
    target = Path(target).absolute()
    if target.exists():
        raise OpsError(_("%(path)s already exists; choose another name.") % {"path": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    db = databases.for_connection()
    part = target.with_name(target.name + ".part")
    problems: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=".ecopetition-backup-", dir=target.parent) as tmp:
        say(_("Database (%(vendor)s, %(where)s): taking a consistent copy…")
            % {"vendor": db.vendor, "where": db.describe()})
        dump = Path(tmp) / PurePosixPath(db.member).name
        snap = db.dump(dump)
        say(_("  %(size)s; %(complaints)s complaints, %(events)s audit events, %(attachments)s attachments")
            % {"size": _size(dump.stat().st_size), "complaints": snap.counts.get("cases_complaint", 0),
               "events": snap.counts.get("cases_event", 0), "attachments": snap.counts.get("cases_attachment", 0)})
        writer = archive.Writer(part, gzip=archive.compressed(target))
        try:
            writer.add_file(db.member, dump)
            dump.unlink()  # the archive has it; give the space back before the files are copied
            nfiles, nbytes = _add_files(writer, snap, problems, say)
            secret = _add_secret(writer, include_secret)
            if secret["included"]:
                say(_("Secret key of the data folder included (portal query codes keep working after a restore)."))
            writer.finish({
                "format": archive.FORMAT,
                "version": archive.VERSION,
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "ecopetition": app_version(),
                "database": {"vendor": db.vendor, "member": db.member, "server_version": snap.server_version},
                "migrations": [list(m) for m in snap.migrations],
                "counts": snap.counts,
                "files": {"count": nfiles, "bytes": nbytes},
                "secret_key": secret,
                "problems": problems,
            })
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    os.replace(part, target)
    digest = archive.file_sha256(target)
    # `sha256sum -c` reads this file beside the archive.
    target.with_name(target.name + ".sha256").write_text(f"{digest}  {target.name}\n")
    size = target.stat().st_size
    for problem in problems:
        say(_("WARNING: %(problem)s") % {"problem": problem})
    say(_("Backup written: %(path)s (%(size)s, %(members)s members, %(seconds).1f s)")
        % {"path": target, "size": _size(size), "members": len(writer.members) + 2,
           "seconds": time.monotonic() - started})
    say(f"SHA-256 {digest}")
    return BackupResult(target, size, digest, snap.counts, nfiles, problems)


def _add_files(writer: archive.Writer, snap: databases.Snapshot, problems: list[str], say: Say) -> tuple[int, int]:
    count = total = 0
    last = time.monotonic()
    seen: set[tuple[str, str]] = set()
    for root_name, root in file_roots().items():
        if not root.is_dir():
            continue
        for path in _walk(root):
            rel = path.relative_to(root).as_posix()
            try:
                entry = writer.add_file(f"files/{root_name}/{rel}", path)
            except FileNotFoundError:
                continue  # removed while we walked (a rolled-back upload): nothing refers to it
            count += 1
            total += entry["size"]
            seen.add((root_name, rel))
            recorded = snap.files.get((root_name, rel))
            if recorded and recorded != entry["sha256"]:
                problems.append(_("%(root)s/%(name)s does not match the checksum its row recorded "
                                  "(the file changed on disk)") % {"root": root_name, "name": rel})
            if time.monotonic() - last > 2:
                last = time.monotonic()
                say(_("  files: %(count)s (%(size)s)…") % {"count": count, "size": _size(total)})
    missing = sorted(key for key in snap.files if key not in seen)
    for root_name, rel in missing[:20]:
        problems.append(_("%(root)s/%(name)s is named by a row but missing from the data folder")
                        % {"root": root_name, "name": rel})
    if len(missing) > 20:
        problems.append(_("… and %(n)s more missing files") % {"n": len(missing) - 20})
    say(ngettext("Files: %(count)s file (%(size)s).", "Files: %(count)s files (%(size)s).", count)
        % {"count": count, "size": _size(total)})
    return count, total


def _add_secret(writer: archive.Writer, include: bool) -> dict:
    """The data folder's generated key goes with the data: portal query codes are keyed hashes of it."""
    info = {"fingerprint": archive.secret_fingerprint(settings.SECRET_KEY), "included": False}
    key_file = Path(settings.DATA_DIR) / "secret_key"
    if include and not os.environ.get("SECRET_KEY") and key_file.is_file():
        data = key_file.read_bytes()
        if data.decode(errors="replace").strip() == settings.SECRET_KEY:
            writer.add_bytes(archive.SECRET_MEMBER, data)
            info["included"] = True
    return info

"""`ecopetition backup` and `ecopetition restore`, end to end, on the suite's database server.

A world with cases, events, attachments, a generated document and a portal ticket is backed up; a
damaged archive is refused without touching the target; the good one restored into an EMPTY
installation (fresh database, fresh data folder, its own secret key) gives back the same register,
the same files bit for bit, an intact audit trail, and portal query codes that still match.
"""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from ecopetition.ops import archive


def _tamper(src, dst, *, member_prefix: str) -> str:
    """Copy the archive, changing one byte of the first member under `member_prefix` (same size)."""
    changed = ""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz", format=tarfile.PAX_FORMAT) as tout:
        for member in tin:
            data = tin.extractfile(member).read()
            if not changed and member.name.startswith(member_prefix):
                data = bytes([data[0] ^ 0x01]) + data[1:]
                changed = member.name
            tout.addfile(member, io.BytesIO(data))
    assert changed
    return changed


def test_backup_then_restore_into_an_empty_installation(installations, tmp_path):
    source = installations.empty()
    built = source.scenario("register-world")
    assert len(built["numbers"]) == 4
    before = source.scenario("summary")
    assert before["attachments"] == 2 and before["documents"] == 1 and before["portal_code_ok"]
    assert all(recorded == actual for recorded, actual in before["files"].values())

    backup = tmp_path / "site.tar.gz"
    out = source.run("backup", str(backup)).stdout
    assert backup.is_file() and (tmp_path / "site.tar.gz.sha256").read_text().split()[0] in out
    with tarfile.open(backup) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(archive.MANIFEST).read())
    assert names[-2:] == [archive.MANIFEST, archive.MANIFEST_SUM]
    assert manifest["database"]["vendor"] == installations.vendor
    assert manifest["counts"]["cases_complaint"] == 4
    assert manifest["counts"]["cases_event"] == before["events"]
    assert {f"files/{name}" for name in before["files"]} <= set(manifest["members"])
    assert manifest["secret_key"]["included"] and archive.SECRET_MEMBER in names
    assert manifest["problems"] == []

    target = installations.empty()

    # A damaged archive is refused before anything is touched.
    tampered = tmp_path / "tampered.tar.gz"
    name = _tamper(backup, tampered, member_prefix="files/attachments/")
    refused = target.run("restore", str(tampered), check=False)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert name in refused.stderr
    untouched = target.scenario("summary")
    assert untouched["complaints"] == 0 and untouched["files"] == {}
    assert not any(p.name.startswith(".restore-") for p in target.data_dir.iterdir())

    target.run("restore", str(backup))
    verify = target.run("audit", "verify")
    assert f"{before['events']} events verified" in verify.stdout
    after = target.scenario("summary")
    assert after == before  # same counts, same numbers, every file there with its recorded checksum

    # Now the installation holds data: a second restore is refused without --force.
    again = target.run("restore", str(backup), check=False)
    assert again.returncode == 1 and "--force" in again.stderr
    # With --force it goes ahead (its own checks pass: exit 0) and keeps what it replaced aside.
    target.run("restore", str(backup), "--force")
    aside = [p.name for p in target.data_dir.iterdir() if ".before-restore-" in p.name]
    assert any(n.startswith("attachments.") for n in aside) and any(n.startswith("documents.") for n in aside)


def _fake_backup(path, vendor: str):
    writer = archive.Writer(path, gzip=archive.compressed(path))
    member = f"database/{vendor}.db"
    writer.add_bytes(member, b"not really a database")
    writer.finish({"format": archive.FORMAT, "version": archive.VERSION,
                   "database": {"vendor": vendor, "member": member}, "migrations": [], "counts": {}})


@pytest.mark.django_db
def test_restore_refuses_damaged_foreign_and_mismatched_archives_before_touching_anything(tmp_path, settings):
    from django.db import connection

    from ecopetition.cases.models import Category
    from ecopetition.ops.databases import OpsError
    from ecopetition.ops.restore import restore_backup

    categories = Category.objects.count()
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _fake_backup(tmp_path / "other.tar", other)
    with pytest.raises(OpsError, match=other):
        restore_backup(tmp_path / "other.tar", say=lambda line: None)

    _fake_backup(tmp_path / "good.tar", connection.vendor)
    data = (tmp_path / "good.tar").read_bytes()
    (tmp_path / "cut.tar").write_bytes(data[: data.index(archive.MANIFEST.encode())])  # cut before the manifest
    with pytest.raises(OpsError, match="manifest|damaged|损坏"):
        restore_backup(tmp_path / "cut.tar", say=lambda line: None)
    _fake_backup(tmp_path / "good.tar.gz", connection.vendor)
    packed = (tmp_path / "good.tar.gz").read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(OpsError, match="damaged|损坏"):
        restore_backup(tmp_path / "cut.tar.gz", say=lambda line: None)
    flipped = data.replace(b"not really a database", b"not really a databasE")
    (tmp_path / "flipped.tar").write_bytes(flipped)
    with pytest.raises(OpsError, match=f"database/{connection.vendor}.db"):
        restore_backup(tmp_path / "flipped.tar", say=lambda line: None)

    with tarfile.open(tmp_path / "foreign.tar", "w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(OpsError, match=r"\.\./outside\.txt"):
        restore_backup(tmp_path / "foreign.tar", say=lambda line: None)
    assert not (tmp_path / "outside.txt").exists() and not (settings.DATA_DIR.parent / "outside.txt").exists()
    # Nothing was touched: the database still holds what it held, no staging folder is left behind.
    assert Category.objects.count() == categories
    assert not any(p.name.startswith(".restore-") for p in settings.DATA_DIR.iterdir())


@pytest.mark.parametrize("name, ok", [
    ("database/ecopetition.sqlite3", True),
    ("files/attachments/2026/11/abc", True),
    ("files/documents/2026/x.pdf", True),
    ("manifest.json", True),
    ("../etc/passwd", False),
    ("/etc/passwd", False),
    ("files/attachments/../../x", False),
    ("files/other/x", False),
    ("files/attachments", False),
    ("settings.py", False),
])
def test_member_names_are_confined(name, ok):
    assert (archive.safe_member_name(name) is not None) is ok

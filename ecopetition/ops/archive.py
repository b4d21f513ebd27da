"""The backup archive: one tar file (gzip-compressed when its name ends in .gz or .tgz).

    database/ecopetition.sqlite3 | database/postgresql.dump   the database, one consistent snapshot
    files/attachments/...                                      ATTACHMENTS_DIR, as stored
    files/documents/...                                        DOCUMENTS_DIR, as stored
    secret/secret_key                                          the data folder's key, when it has one
    manifest.json                                              what is inside, with a SHA-256 per member
    manifest.sha256                                            the SHA-256 of manifest.json

The manifest comes last because it lists the checksums computed while the members were written. A
restore reads the whole archive into a staging folder, checks every checksum, and only then touches
the installation.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
from pathlib import Path, PurePosixPath

FORMAT = "ecopetition-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SECRET_MEMBER = "secret/secret_key"  # noqa: S105 - a member name, not a secret
FILE_ROOTS = ("attachments", "documents")
ALLOWED_TOP = {"database", "files", "secret"}
CHUNK = 1024 * 1024


def compressed(path: Path) -> bool:
    return path.name.endswith((".gz", ".tgz"))


def secret_fingerprint(key: str) -> str:
    """Tells two keys apart without revealing either."""
    return hashlib.sha256(b"ecopetition-backup-key:" + key.encode()).hexdigest()[:16]


class HashingReader(io.RawIOBase):
    """Reads a file once, hashing what passes through (tarfile pulls the data)."""

    def __init__(self, fh) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


class Writer:
    """Adds members to the tar and remembers each one's size and SHA-256 for the manifest."""

    def __init__(self, path: Path, *, gzip: bool) -> None:
        mode = "w:gz" if gzip else "w"
        kwargs = {"compresslevel": 6} if gzip else {}
        self.tar = tarfile.open(path, mode, format=tarfile.PAX_FORMAT, **kwargs)  # noqa: SIM115
        self.members: dict[str, dict] = {}

    def _info(self, name: str, size: int, mtime: float | None = None) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(mtime if mtime is not None else time.time())
        info.uname = info.gname = ""
        return info

    def add_file(self, name: str, path: Path) -> dict:
        st = path.stat()
        with open(path, "rb") as fh:
            reader = HashingReader(fh)
            self.tar.addfile(self._info(name, st.st_size, st.st_mtime), reader)
        if reader.size != st.st_size:
            raise OSError(f"{path} changed while it was being read")
        entry = {"size": reader.size, "sha256": reader.digest.hexdigest()}
        self.members[name] = entry
        return entry

    def add_bytes(self, name: str, data: bytes, *, listed: bool = True) -> None:
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))
        if listed:
            self.members[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def finish(self, manifest: dict) -> None:
        manifest["members"] = dict(sorted(self.members.items()))
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        self.add_bytes(MANIFEST, body, listed=False)
        self.add_bytes(MANIFEST_SUM, (hashlib.sha256(body).hexdigest() + "\n").encode(), listed=False)
        self.tar.close()


def safe_member_name(name: str) -> PurePosixPath | None:
    """The member's path if it is a plain relative path inside the archive's known folders, else None."""
    if "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        return None
    if name in (MANIFEST, MANIFEST_SUM):
        return path
    if len(path.parts) < 2 or path.parts[0] not in ALLOWED_TOP:
        return None
    if path.parts[0] == "files" and (len(path.parts) < 3 or path.parts[1] not in FILE_ROOTS):
        return None
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()

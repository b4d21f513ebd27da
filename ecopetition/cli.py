"""The `ecopetition` console script: Django's management commands under one name."""

from __future__ import annotations

import os
import sys

NOT_MIGRATED = "ecopetition: the database has no tables yet: run `ecopetition migrate` first"


def _missing_table(exc: BaseException) -> bool:
    """A table that is not there (SQLite: "no such table"; PostgreSQL: "relation ... does not exist")."""
    text = str(exc).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopetition.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    args = ["ecopetition", *(sys.argv[1:] if argv is None else argv)]
    try:
        execute_from_command_line(args)
    except DatabaseError as exc:
        if not _missing_table(exc) or "--traceback" in args:
            raise
        sys.stderr.write(NOT_MIGRATED + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""`ecopetition geo load FILE` / `ecopetition geo list`: the administrator's step to supply approved boundaries."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecopetition.analytics import geo


class Command(BaseCommand):
    help = "Load map boundaries (GeoJSON, one region split into its children) or list what is loaded."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", metavar="load|list")
        load = sub.add_parser("load", help="Check and install a boundary file.")
        load.add_argument("file")
        load.add_argument("--adcode", help="6-digit code of the region the file covers (default: from file name)")
        sub.add_parser("list", help="List boundary files in use.")

    def handle(self, *args, op=None, **options):
        if op == "load":
            return self._load(Path(options["file"]), options.get("adcode"))
        if op == "list":
            for code, path in sorted(geo.available().items()):
                where = "deployment" if geo.deployed_dir() in path.parents else "bundled (development only)"
                self.stdout.write(f"{code}  {where}  {path}")
            return None
        raise CommandError("Say `geo load FILE` or `geo list`.")

    def _load(self, src: Path, adcode: str | None):
        if not src.is_file():
            raise CommandError(f"No such file: {src}")
        code = adcode or (m[1] if (m := re.match(r"^(\d{6})", src.name)) else None)
        if not code or not re.fullmatch(r"\d{6}", code):
            raise CommandError("Name the region with --adcode (6 digits), or name the file <adcode>_full.json.")
        try:
            data = json.loads(src.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Not readable JSON: {exc}") from None
        problems = geo.validate(data)
        if problems:
            raise CommandError("Refused: " + "; ".join(problems))
        dest = geo.deployed_dir()
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest / f"{code}_full.json")
        self.stdout.write(f"Loaded {len(data['features'])} regions for {code} into {dest}.")
        return None

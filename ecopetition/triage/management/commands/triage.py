"""`ecopetition triage`: JSON lines in → triage JSON lines out; and `train`, `backfill`, `boundaries`, `eval`.

    echo '{"text": "楼下饭店油烟很大", "address": "盐城市亭湖区文港路"}' | ecopetition triage
    ecopetition triage train          # retrain from the starter set + confirmed cases + corrections
    ecopetition triage backfill       # nightly: index new cases, flag repeats among recent ones
    ecopetition triage boundaries     # load the shipped development boundaries (or the given files)
    ecopetition triage eval           # scope, emergency, same-matter figures: own held-out, development sets 1-6, independent set 7
    ecopetition triage eval --leave-one-out   # scope and emergency of sets 2-6, each by a model trained without it
    ecopetition triage train-pairs    # developers: train the shipped same-matter model again (data/pair_model.json)

Lines are answered in chunks (256; `--chunk 1` answers each line as it arrives): a chunk's texts are classified
in one prediction, its answers written in order and flushed together.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

CHUNK = 256  # lines answered together: one model prediction for their texts; the answers are flushed per chunk


class Command(BaseCommand):
    help = "Triage complaints given as JSON lines on stdin; or train, backfill, load boundaries, evaluate."
    # The system checks import every URL module and the API's schemas (about a second) for nothing this
    # command uses; `ecopetition check` and the server still run them.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="run", choices=["run", "train", "train-pairs", "backfill", "boundaries", "eval"])
        parser.add_argument("paths", nargs="*", help="boundaries: GeoJSON files (default: the shipped dev set)")
        parser.add_argument("--days", type=int, default=2, help="backfill: look again at cases of the last N days")
        parser.add_argument("--reindex", action="store_true", help="backfill: rebuild the whole repeat index")
        parser.add_argument("--no-register", action="store_true", help="train: the starter set only")
        parser.add_argument("--division", default="", help="run: the registering unit's division code (the prior)")
        parser.add_argument("--leave-one-out", action="store_true",
                            help="eval: for each of sets 2-6, a model trained without its lines, scored on them")
        parser.add_argument("--chunk", type=int, default=0,
                            help=f"run: lines answered together (default {CHUNK}, or 1 at a terminal; 1 answers each line as it comes)")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "train":
            from ecopetition.triage import classifier

            model = classifier.retrain(include_register=not opts["no_register"])
            self.stdout.write(f"trained on {model.rows} rows ({model.sources}); saved to {classifier.model_path()}")
        elif action == "train-pairs":
            from tqdm import tqdm

            from ecopetition.triage import matching, quality

            pairs = quality.training_pairs()
            model = matching.train(pairs, progress=lambda rows: tqdm(rows, desc="pairs", unit="pair", file=sys.stderr))
            matching.save(model)
            self.stdout.write(f"trained on {len(pairs)} pairs; saved to {matching.MODEL_PATH}")
        elif action == "eval":
            from ecopetition.triage import quality

            if opts["leave_one_out"]:
                quality.leave_one_out(self.stdout.write)
            else:
                quality.report(self.stdout.write)
        elif action == "boundaries":
            from pathlib import Path

            from ecopetition.triage import geo

            paths = opts["paths"] or sorted((Path(__file__).resolve().parents[2] / "data" / "geo").glob("*.json"))
            for p in paths:
                n = geo.load_geojson(p)
                self.stdout.write(f"{p}: {n} divisions")
        elif action == "backfill":
            from ecopetition.triage.backfill import backfill

            result = backfill(days=opts["days"], progress=True, reindex=opts["reindex"])
            self.stdout.write(json.dumps(result))
        else:
            # typed at a terminal, each line is answered as it is entered; from a pipe or a file, in chunks
            self._run(opts["division"], max(1, opts["chunk"] or (1 if sys.stdin.isatty() else CHUNK)))

    def _run(self, division: str, size: int) -> None:
        from ecopetition.triage import geo

        geo._jionlp()  # its banner goes nowhere, before the first line is answered
        out = self.stdout
        chunk: list[tuple[int, str]] = []
        for lineno, line in enumerate(sys.stdin, 1):
            line = line.strip()
            if line:
                chunk.append((lineno, line))
            if len(chunk) >= size:
                self._answer(chunk, division, out)
                chunk = []
        if chunk:
            self._answer(chunk, division, out)

    def _answer(self, chunk: list[tuple[int, str]], division: str, out) -> None:
        """Answer a chunk of lines, in order, one JSON line each (an error for a bad line), and flush: the texts
        of the chunk are classified together (`engine.triage_many`)."""
        from ecopetition.triage import engine

        answers: list[dict | None] = []
        todo: list[tuple[int, dict, engine.TriageInput]] = []
        for lineno, line in chunk:
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("each line must be a JSON object")
                inp = engine.TriageInput(
                    text=str(item.get("text") or ""), address=str(item.get("address") or ""),
                    lat=item.get("lat"), lon=item.get("lon"),
                    reported_party_name=str(item.get("reported_party_name") or ""),
                    phone=str(item.get("phone") or ""), id_number=str(item.get("id_number") or ""),
                    division_hint=str(item.get("division_code") or division),
                )
            except (ValueError, TypeError) as exc:
                answers.append({"line": lineno, "error": str(exc)})
                continue
            todo.append((len(answers), item, inp))
            answers.append(None)
        try:
            results = engine.triage_many([inp for _i, _item, inp in todo])
        except (ValueError, TypeError):  # one line's fault: answer line by line, so only that line gets the error
            results = None
        for k, (i, item, inp) in enumerate(todo):
            try:
                answer = engine.public_answer(results[k] if results is not None else engine.triage(inp))
                if "id" in item:
                    answer = {"id": item["id"], **answer}
            except (ValueError, TypeError) as exc:
                answer = {"line": chunk[i][0], "error": str(exc)}
            answers[i] = answer
        for answer in answers:
            out.write(json.dumps(answer, ensure_ascii=False))
        out.flush()

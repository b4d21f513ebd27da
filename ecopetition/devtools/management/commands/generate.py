"""`ecopetition generate --count N`: realistic complaints in bulk (with planted repeats) for benchmarks and demos."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Write N generated complaints (Chinese texts, parties, places, planted repeats) into the database."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--repeat-share", type=float, default=0.1, help="share of planted repeats (0-0.5)")
        parser.add_argument("--days", type=int, default=365, help="spread received times over this many days")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--lines", action="store_true",
                            help="write N JSON lines for `ecopetition triage` to stdout instead of storing complaints")

    def handle(self, *args, **opts):
        from ecopetition.devtools.generate import Generator

        if opts["count"] < 1:
            raise CommandError("--count must be at least 1")
        if not 0 <= opts["repeat_share"] <= 0.5:
            raise CommandError("--repeat-share must be between 0 and 0.5")
        gen = Generator(seed=opts["seed"], repeat_share=opts["repeat_share"], days=opts["days"], out=self.stderr)
        if opts["lines"]:
            import json

            for item in gen.lines(opts["count"]):
                self.stdout.write(json.dumps(item, ensure_ascii=False))
            return
        result = gen.run(opts["count"], batch=opts["batch"])
        self.stdout.write(
            f"generated {result['complaints']} complaints ({result['planted_repeats']} planted repeats) "
            f"in {result['seconds']} s"
        )

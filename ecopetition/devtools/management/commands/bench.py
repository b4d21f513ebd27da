"""`ecopetition bench NAME ...`: the benchmarks that print the figures the issues ask for.

Each app that has a `bench.py` with `NAME`, `HELP`, `add_arguments(parser)` and
`run(options, stdout)` adds a sub-command; a `bench.py` may list more such modules
in `BENCHES` (itself included).
"""

from django.core.management.base import BaseCommand, CommandError

from ecopetition.core.discovery import app_modules


def _benches():
    return [b for m in app_modules("bench") for b in getattr(m, "BENCHES", [m])]


class Command(BaseCommand):
    help = "Run a benchmark and print its figures."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", metavar="NAME")
        for module in _benches():
            p = sub.add_parser(module.NAME, help=getattr(module, "HELP", ""))
            module.add_arguments(p)
            p.set_defaults(_bench=module)

    def handle(self, *args, **options):
        module = options.get("_bench")
        if module is None:
            names = ", ".join(sorted(m.NAME for m in _benches())) or "(none)"
            raise CommandError(f"Name a benchmark: {names}")
        module.run(options, self.stdout)

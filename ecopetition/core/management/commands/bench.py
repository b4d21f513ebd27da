"""`ecopetition bench NAME ...`: the benchmarks that print the figures the issues ask for.

Each app that has a `bench.py` with `NAME`, `HELP`, `add_arguments(parser)` and
`run(options, stdout)` adds a sub-command.
"""

from django.core.management.base import BaseCommand, CommandError

from ecopetition.core.discovery import app_modules


class Command(BaseCommand):
    help = "Run a benchmark and print its figures."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", metavar="NAME")
        for module in app_modules("bench"):
            p = sub.add_parser(module.NAME, help=getattr(module, "HELP", ""))
            module.add_arguments(p)
            p.set_defaults(_bench=module)

    def handle(self, *args, **options):
        module = options.get("_bench")
        if module is None:
            names = ", ".join(sorted(m.NAME for m in app_modules("bench"))) or "(none)"
            raise CommandError(f"Name a benchmark: {names}")
        module.run(options, self.stdout)

"""`ecopetition bench NAME ...`: the benchmarks that print the figures the issues ask for.

Each module in BENCHES (ecopetition.devtools.bench_*) has `NAME`, `HELP`,
`add_arguments(parser)` and `run(options, stdout)` and adds a sub-command.
"""

import importlib

from django.core.management.base import BaseCommand, CommandError

BENCHES = ("bench_dashboard", "bench_documents", "bench_fuzz", "bench_intake", "bench_load", "bench_search",
           "bench_stages", "bench_sweep", "bench_triage")


def _benches():
    return [importlib.import_module(f"ecopetition.devtools.{name}") for name in BENCHES]


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

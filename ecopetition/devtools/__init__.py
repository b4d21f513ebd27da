"""Development tooling: benchmarks, generators and fuzzers (`ecopetition bench NAME`, `ecopetition generate`).

Nothing in a domain app imports this package; it imports the domain apps.
"""

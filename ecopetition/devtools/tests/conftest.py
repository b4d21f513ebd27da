"""The benchmarks' tests use triage's fixtures (fresh caches, registering a complaint the ordinary way)."""

from ecopetition.triage.tests.conftest import _fresh_caches, reg  # noqa: F401 - fixtures, registered by import

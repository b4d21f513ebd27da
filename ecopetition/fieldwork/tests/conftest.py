"""Fieldwork's tests: no triage after registration (passwords and static files: the root conftest)."""

from ecopetition.testfixtures import no_triage, no_triage_on_register  # noqa: F401

"""Cases tests: `no_triage` for the tests that ask for it (search tests register without the classifier)."""

from ecopetition.testfixtures import no_triage  # noqa: F401

"""Meetings' tests: fresh deadline caches, no triage after registration, English messages."""

from ecopetition.testfixtures import english_messages, fresh_deadline_caches, no_triage, no_triage_on_register  # noqa: F401

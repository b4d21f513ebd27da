"""Production settings for the live-server fault test, minus triage at intake (it would train its
model on each worker's first complaint, which is not what the test measures)."""

from ecopetition.settings import *  # noqa: F403

TRIAGE_ON_REGISTER = False

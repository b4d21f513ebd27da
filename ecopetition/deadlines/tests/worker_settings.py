"""Settings of the worker processes in test_two_workers: production's, with triage limited to the repeat index.

(The full triage would train the classifier from the starter set in every fresh data folder, which
takes half a minute; the classifier is tested in the triage app.)
"""

from ecopetition.settings import *  # noqa: F403

TRIAGE_ON_REGISTER = "index"

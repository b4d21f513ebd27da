"""Fuzzing the HTTP surface in process: the JSON API (schemathesis, from its own OpenAPI schema),
Open311 GeoReport v2 and the public portal (hypothesis). Nothing may answer 5xx.

`run(seed=...)` seeds a register (see `seed.py`), sends every target its share of
generated requests through the WSGI application and returns a `Report` with the
requests sent per target, the statuses seen and every finding with a way to
reproduce it. `ecopetition bench fuzz` and `core/tests/test_fuzz.py` call it.
Needs the test extras (schemathesis, hypothesis).
"""

from __future__ import annotations

import warnings

from .common import ExceptionLog, Finding, Report, Target, capturing_exceptions, quiet, wsgi_app

__all__ = ["BUDGET", "ExceptionLog", "Finding", "Report", "Target", "capturing_exceptions", "quiet", "run", "wsgi_app"]


# Per run: positive and negative examples per API operation (28 operations: about 1,200 requests with
# the auth probes), Open311 requests, portal requests. API and Open311 together: over 2,000.
BUDGET = {"api": 20, "open311": 900, "portal": 300}


def run(*, seed: int = 0, api_examples: int = BUDGET["api"], open311: int = BUDGET["open311"],
        portal: int = BUDGET["portal"], progress=None) -> Report:
    """Seed the register, then fuzz each target. Runs against whatever database is current."""
    import time

    from django.conf import settings

    from . import api as api_fuzz
    from . import open311 as open311_fuzz
    from . import portal as portal_fuzz
    from .seed import seed_register

    t0 = time.monotonic()
    say = progress or (lambda msg: None)
    saved = getattr(settings, "TRIAGE_ON_REGISTER", True)
    # Registration's after-commit triage is not on the HTTP path (and trains a model on first use).
    settings.TRIAGE_ON_REGISTER = False
    try:
        with quiet(), capturing_exceptions() as errors, warnings.catch_warnings():
            # whitenoise notes a missing STATIC_ROOT each time a WSGI handler is built
            warnings.filterwarnings("ignore", message="No directory at")
            register = seed_register()
            say(f"register seeded: {len(register.numbers)} complaints")
            targets = []
            for module, amount in ((api_fuzz, api_examples), (open311_fuzz, open311), (portal_fuzz, portal)):
                if amount:
                    started = time.monotonic()
                    target = module.fuzz(register, seed=seed, amount=amount, errors=errors, say=say)
                    target.seconds = time.monotonic() - started
                    targets.append(target)
    finally:
        settings.TRIAGE_ON_REGISTER = saved
    return Report(seed=seed, targets=targets, seconds=time.monotonic() - t0)

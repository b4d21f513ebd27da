"""The two signals of an appended case event, in a module of their own so that the outbox (which sends
`event_committed` for the worker) and audit.py (which sends both, and re-exports them) import them one
way. Receivers connect to them as `ecopetition.cases.audit.event_appended` / `event_committed`.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import ModelSignal

log = logging.getLogger("ecopetition.audit")


# Sent inside the transaction of the action that appended the event: rollups
# and deadline recomputation use it so they commit (or roll back) together.
event_appended = ModelSignal(use_caching=True)


class _CommittedSignal(ModelSignal):
    """After commit the action has happened: a failing receiver (an SMS gateway, a webhook, a
    suggestion model) is logged and the others still run; it never turns the action into an error."""

    def send(self, sender, **named):
        results = super().send_robust(sender, **named)
        for receiver, result in results:
            if isinstance(result, Exception):
                log.error("after-commit receiver %r failed for %s", receiver, named,
                          exc_info=(type(result), result, result.__traceback__))
        return results

    def connect_for(self, receiver, actions, **kwargs) -> None:
        """Connect a receiver that acts only on events of `actions` (names, or a function of the action that says
        whether it acts now): the worker skips it, and the savepoint it would open, for any other action."""
        receiver.committed_actions = actions if callable(actions) else frozenset(actions)
        self.connect(receiver, **kwargs)

    def send_each_atomic(self, sender, **named) -> None:
        """Inside a transaction (the outbox worker's): each receiver in its own savepoint, so a
        failing one is rolled back and logged while the others' work stands."""
        action = named.get("action")
        for receiver in self._live_receivers(sender)[0]:
            wanted = getattr(receiver, "committed_actions", None)
            if wanted is not None and not (wanted(action) if callable(wanted) else action in wanted):
                continue
            try:
                with transaction.atomic():
                    receiver(signal=self, sender=sender, **named)
            except Exception:
                log.exception("after-commit receiver %r failed for %s", receiver, named)


# Sent after the transaction committed: notifications, webhooks, jobs.
event_committed = _CommittedSignal(use_caching=True)

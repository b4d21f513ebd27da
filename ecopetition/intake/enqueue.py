"""Handing intake's slow work to the huey worker: a scanned letter's reading and a webhook's first attempt.

The tasks in tasks.py call back into letters.py and webhooks.py, so those two do not import tasks.py;
each has a hook (`letters.enqueue_reading`, `webhooks.enqueue_delivery`) that intake/apps.py points at
the functions here at start-up. tasks.py is imported only when something is enqueued: importing it
sets up huey's queue (and only defines the tasks when settings.HUEY is configured).
"""

from __future__ import annotations


def read_letter(letter_id: int) -> None:
    from .tasks import read_letter_task

    read_letter_task(letter_id)


def deliver_webhook(delivery_id: int) -> None:
    from .tasks import deliver_webhook

    deliver_webhook(delivery_id)

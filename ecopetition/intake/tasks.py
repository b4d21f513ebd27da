"""Worker tasks (huey): webhook delivery and the retry sweep. Only defined when huey is configured."""

from __future__ import annotations

from django.conf import settings

if getattr(settings, "HUEY", None) is not None:
    from huey import crontab
    from huey.contrib.djhuey import db_periodic_task, db_task

    from . import webhooks

    @db_task()
    def deliver_webhook(delivery_id: int) -> None:
        webhooks.deliver(delivery_id)

    @db_periodic_task(crontab(minute="*"))
    def sweep_webhooks() -> None:
        webhooks.deliver_due()

    @db_task()
    def read_letter_task(letter_id: int) -> None:
        from .letters import read

        read(letter_id)

    @db_periodic_task(crontab(minute="17"))
    def sweep_letters() -> None:
        from .letters import sweep

        sweep()

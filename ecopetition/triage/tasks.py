"""Worker tasks (huey): the nightly repeat backfill. Only defined when huey is configured."""

from django.conf import settings

if getattr(settings, "HUEY", None) is not None:
    from huey import crontab
    from huey.contrib.djhuey import db_periodic_task, db_task

    @db_task()
    def triage_after_register(case_id: int):
        from .post_register import after_register

        after_register(case_id)

    @db_periodic_task(crontab(hour="2", minute="40"))
    def nightly_repeat_backfill():
        from .backfill import backfill

        return backfill(days=2)

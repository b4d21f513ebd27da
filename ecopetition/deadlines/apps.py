from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "ecopetition.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines and supervision")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ecopetition.cases.audit import event_appended
        from ecopetition.core.registry import lazy_callable, on_flush, register_case_panel, register_nav

        from . import models

        # The clocks and the working calendar are imported when first used (start-up stays light).
        on_event_appended = lazy_callable("ecopetition.deadlines.clocks.on_event_appended")
        invalidate_policies = lazy_callable("ecopetition.deadlines.clocks.invalidate_policies")
        invalidate_calendar = lazy_callable("ecopetition.deadlines.workcal.invalidate")
        event_appended.connect(on_event_appended, weak=False, dispatch_uid="deadlines.clocks")

        def calendar_changed(**kwargs):
            invalidate_calendar()

        for model in (models.CalendarYear, models.CalendarEntry, models.WorkingHours):
            post_save.connect(calendar_changed, sender=model, weak=False, dispatch_uid=f"deadlines.cal.save.{model.__name__}")
            post_delete.connect(calendar_changed, sender=model, weak=False, dispatch_uid=f"deadlines.cal.del.{model.__name__}")
        # A flushed or restored database: forget the cached policies and calendar.
        on_flush(invalidate_policies)
        on_flush(invalidate_calendar)
        post_save.connect(invalidate_policies, sender=models.DeadlinePolicy, weak=False, dispatch_uid="deadlines.pol.s")
        post_delete.connect(invalidate_policies, sender=models.DeadlinePolicy, weak=False,
                            dispatch_uid="deadlines.pol.d")

        register_nav("deadlines_board", _("Wall board"), "deadlines:board",
                     roles={"supervisor", "leader", "dispatcher"}, order=30)
        register_nav("deadlines_mine", _("My owned cases"), "deadlines:mine", roles={"leader"}, order=31)
        register_case_panel("deadlines_clocks", "deadlines/panel_clocks.html", "ecopetition.deadlines.panels.clock_panel", order=20)
        register_case_panel("deadlines_supervision", "deadlines/panel_supervision.html", "ecopetition.deadlines.panels.supervision_panel",
                            order=21)

        from ecopetition.core.registry import register_event_label

        for action, label in {
            "urge": _("Urged"),
            "supervise": _("Supervision order issued"),
            "respond_supervision": _("Supervision order answered"),
            "instruct": _("Leader instruction"),
            "own": _("Case ownership taken"),
            "owner_duty": _("Owner's duty recorded"),
            "release_owner": _("Case ownership released"),
            "star": _("Starred"),
            "deadline_sweep": _("Deadline sweep"),
        }.items():
            register_event_label(action, label)

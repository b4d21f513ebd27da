from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "ecopetition.fieldwork"
    label = "fieldwork"
    verbose_name = _("Field work")

    def ready(self) -> None:
        from ecopetition.cases.actions import add_guard
        from ecopetition.cases.audit import event_committed
        from ecopetition.core.registry import (
            lazy_callable,
            register_case_panel,
            register_case_record_text,
            register_event_label,
            register_nav,
        )

        # No path to "closed" with an unverified rectification: closing, or upholding a review (which closes).
        add_guard("close", lazy_callable("ecopetition.fieldwork.actions.guard_close"))
        add_guard("uphold", lazy_callable("ecopetition.fieldwork.actions.guard_close"))
        # Plain closing waits for every rectification; stage closing (阶段办结) is for a case with some open.
        from ecopetition.cases.dispatch import register_command
        from ecopetition.cases.transitions import add_precondition

        add_precondition("close", lazy_callable("ecopetition.fieldwork.actions.close_refusal"),
                         where=lazy_callable("ecopetition.fieldwork.actions.none_open"))
        add_precondition("stage_close", lazy_callable("ecopetition.fieldwork.actions.stage_close_refusal"),
                         where=lazy_callable("ecopetition.fieldwork.actions.some_open"))
        do_stage_close = lazy_callable("ecopetition.fieldwork.actions.do_stage_close")
        register_command("stage_close", {"reason": ""}, lambda c, u, d: do_stage_close(c, actor=u, reason=d["reason"]))
        register_case_panel("stage_closing", "fieldwork/stage_panel.html", "ecopetition.fieldwork.panels.stage_panel",
                            order=35)
        from .models import STAFF_NOTICE_ACTIONS

        # what the identity rule reads beside a case's own texts (a name found in a site visit's note is masked)
        register_case_record_text("fieldwork", "SiteVisit", "note")
        register_case_record_text("fieldwork", "Measure", "detail")

        event_committed.connect_for(lazy_callable("ecopetition.fieldwork.notices.on_event_committed"),
                                    STAFF_NOTICE_ACTIONS, weak=False, dispatch_uid="fieldwork.staff_notices")
        register_event_label("site_visit", _("Arrived on site"))
        register_event_label("verify_rectification", _("Rectification checked"))
        register_event_label("survey", _("Survey after the site visit"))
        from ecopetition.core.registry import register_queue

        from .queries import awaiting_survey

        register_queue("survey", _("Survey after the site visit"), awaiting_survey, order=10)
        register_nav("fieldwork", _("Field work"), "fieldwork:mine", roles={"officer"}, order=30)
        register_case_panel("fieldwork", "fieldwork/panel.html", "ecopetition.fieldwork.panels.fieldwork_panel", order=40)
        register_case_panel("callbacks", "fieldwork/callback_panel.html", "ecopetition.fieldwork.panels.callback_panel", order=60)
        register_case_panel("review_request", "fieldwork/review_panel.html", "ecopetition.fieldwork.panels.review_panel", order=70)

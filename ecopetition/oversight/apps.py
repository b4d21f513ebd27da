from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "ecopetition.oversight"
    label = "oversight"
    verbose_name = _("Oversight and emergencies")

    def ready(self) -> None:
        from ecopetition.cases.audit import event_appended, event_committed
        from ecopetition.core.registry import lazy_callable, register_case_panel, register_nav
        from ecopetition.triage import emergency as triage_emergency

        # The receivers and the keyword source are imported when first called (start-up stays light).
        from .models import EMERGENCY_ACTIONS

        event_committed.connect_for(lazy_callable("ecopetition.oversight.emergency.on_event_committed"),
                                    EMERGENCY_ACTIONS, weak=False, dispatch_uid="oversight.emergency")
        from ecopetition.cases import outbox

        outbox.register_prepare("oversight-emergency", lazy_callable("ecopetition.oversight.emergency.prepare"))
        # Triage's emergency detector weighs the bureau's keyword list, which oversight keeps.
        triage_emergency.set_keyword_source(lazy_callable("ecopetition.oversight.emergency.active_terms"))
        event_appended.connect(lazy_callable("ecopetition.oversight.recheck.on_event_appended"), weak=False,
                               dispatch_uid="oversight.recheck")

        register_nav("oversight", _("Oversight"), "oversight:index", roles={"inspector", "leader"}, order=60)
        register_nav("oversight_missed", _("Missed deadlines"), "oversight:missed", roles={"inspector"}, order=61)
        register_nav("oversight_rechecks", _("Re-checks"), "oversight:rechecks", roles={"supervisor", "officer"},
                     order=62)
        register_nav("oversight_emergencies", _("Emergencies"), "oversight:emergencies",
                     roles={"leader", "supervisor", "clerk", "dispatcher"}, order=63)
        register_case_panel("oversight_emergency", "oversight/panel_emergency.html", "ecopetition.oversight.panels.emergency_panel", order=5)
        register_case_panel("oversight_recheck", "oversight/panel_recheck.html", "ecopetition.oversight.panels.recheck_panel", order=40)
        register_case_panel("oversight_inspector", "oversight/panel_inspector.html", "ecopetition.oversight.panels.inspector_panel", order=90)

        from ecopetition.core.registry import register_event_label

        for action, label in {
            "emergency_alert": _("Emergency alert sent"),
            "emergency_declared": _("Declared an environmental emergency"),
            "emergency_ack": _("Emergency alert acknowledged"),
            "emergency_handled": _("Emergency handled"),
            "recheck_opened": _("Re-check opened"),
            "recheck_confirmed": _("Re-check: finding confirmed"),
            "recheck_overturned": _("Re-check: finding overturned"),
            "accountability_mark": _("Marked for accountability"),
        }.items():
            register_event_label(action, label)

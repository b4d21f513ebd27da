from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "ecopetition.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from ecopetition.cases.audit import event_appended
        from ecopetition.core.registry import register_case_panel, register_nav

        from . import hooks, panels

        event_appended.connect(hooks.on_event_appended, dispatch_uid="triage-register")
        register_nav("triage_key", _("Key persons and parties"), "triage:key", roles={"leader", "supervisor"},
                     order=70)
        register_case_panel("triage", "triage/panel.html", panels.triage_panel, order=20)

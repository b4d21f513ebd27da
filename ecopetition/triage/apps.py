from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "ecopetition.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from ecopetition.cases.audit import event_appended
        from ecopetition.core.registry import lazy_callable, register_case_panel, register_nav

        event_appended.connect(lazy_callable("ecopetition.triage.hooks.on_event_appended"), weak=False,
                               dispatch_uid="triage-register")
        from ecopetition.cases import outbox

        outbox.register("triage", lazy_callable("ecopetition.triage.hooks.consume"),
                        prepare=lazy_callable("ecopetition.triage.hooks.prepare"))
        from django.db.models.signals import post_delete, post_save

        from ecopetition.core.registry import on_flush
        from ecopetition.org.models import Unit

        from . import geo, rules
        from .models import KeywordRule, RoutingRule

        # A flushed or restored database: forget cached rules and boundaries.
        on_flush(rules.forget)
        on_flush(geo.forget_boundaries)

        for model in (Unit, KeywordRule, RoutingRule):
            # This process sees its own edits at once; other processes within the cache's 30 s.
            post_save.connect(rules.on_change, sender=model, dispatch_uid=f"triage-forget-{model.__name__}")
            post_delete.connect(rules.on_change, sender=model, dispatch_uid=f"triage-forget-d-{model.__name__}")
        register_nav("triage_key", _("Key persons and parties"), "triage:key", roles={"leader", "supervisor"},
                     order=70)
        register_case_panel("triage", "triage/panel.html", "ecopetition.triage.panels.triage_panel", order=20)

        from ecopetition.core.registry import register_event_label

        for action, label in {
            "flag_repeat": _("Flagged as a repeat"),
        }.items():
            register_event_label(action, label)

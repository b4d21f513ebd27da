from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "ecopetition.analytics"
    label = "analytics"
    verbose_name = _("Command centre")

    def ready(self) -> None:
        from ecopetition.cases import audit, outbox
        from ecopetition.core.registry import lazy_callable, on_bulk_load, register_list_filter, register_nav

        from . import drill

        audit.event_appended.connect(lazy_callable("ecopetition.analytics.rollups.on_event_appended"), weak=False,
                                     dispatch_uid="analytics-rollups")
        outbox.register("analytics-rollups", lazy_callable("ecopetition.analytics.rollups.consume"))
        on_bulk_load(lazy_callable("ecopetition.analytics.rollups.held"))
        register_list_filter("analytics", drill.PARAMS, drill.apply)
        roles = {"leader", "supervisor", "admin"}
        register_nav("analytics", _("Command centre"), "analytics:dashboard", roles=roles, order=60)
        register_nav("assessment", _("Assessment"), "analytics:assessment", roles=roles, order=61)

        from ecopetition.core.registry import register_event_label

        for action, label in {
            "campaign_create": _("Campaign created"),
            "campaign_item": _("Added to a campaign"),
            "campaign_item_update": _("Campaign item updated"),
            "campaign_evaluate": _("Campaign evaluated"),
            "publish": _("Published"),
        }.items():
            register_event_label(action, label)

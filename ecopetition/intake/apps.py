from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "ecopetition.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from ecopetition.cases import audit
        from ecopetition.core.registry import lazy_callable, register_case_masks_changed, register_nav

        from . import enqueue, letters, webhooks

        # a name found in a later note is blacked out in the scanned letter's copy too (R17-3)
        register_case_masks_changed(lazy_callable("ecopetition.intake.letters.refresh_redacted_of"))

        audit.event_committed.connect_for(webhooks.on_event_committed, webhooks.wanted, dispatch_uid="intake-webhooks")
        # The worker's tasks call back into letters and webhooks, which reach them through these hooks.
        letters.enqueue_reading = enqueue.read_letter
        webhooks.enqueue_delivery = enqueue.deliver_webhook
        from ecopetition.core.registry import register_error_shape

        def open311_error(request, code, message):
            from .open311 import early_error  # imported when needed: start-up stays light

            return early_error(request, code, message)

        register_error_shape("/open311/", open311_error)

        # Bodies refused unread below the general limit: the portal's form takes at most its photos and
        # its text; tracking and Open311 take no files (Open311 a media_url at most).
        from django.conf import settings

        from ecopetition.core.registry import register_body_limit

        def portal_body_limit():
            from .actions import portal_body_limit

            return portal_body_limit()

        def portal_too_large(request, limit):
            from .views import portal_too_large

            return portal_too_large(request, limit)

        register_body_limit("/submit/", portal_body_limit, portal_too_large)
        register_body_limit("/track/", lambda: settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        register_body_limit("/open311/", lambda: settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        register_nav("intake_phone", _("Phone intake"), "intake:phone", roles={"clerk"}, order=20)
        register_nav("intake_letter", _("Scanned letter"), "intake:letter_upload", roles={"clerk"}, order=31)
        register_nav("intake_import", _("Batch import"), "intake:import", roles={"clerk"}, order=60)
        register_nav("intake_hotline", _("12345 work orders"), "intake:hotline", roles={"clerk"}, order=16)
        register_nav("intake_unrouted", _("To be placed"), "intake:unrouted", roles={"clerk"}, order=15)
        from ecopetition.core.registry import register_case_panel


        register_case_panel("intake_route", "intake/route_panel.html", "ecopetition.intake.panels.route_panel", order=15)
        register_nav("intake_reception", _("Reception days"), "intake:reception", roles={"clerk", "leader"}, order=65)

        from ecopetition.core.registry import register_case_panel, register_event_label


        register_case_panel("scanned_letter", "intake/_letter_panel.html", "ecopetition.intake.letter_views.case_panel", order=40)

        for action, label in {
            "reception_visit": _("Received on a reception day"),
        }.items():
            register_event_label(action, label)

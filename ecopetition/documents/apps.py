from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ecopetition.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from ecopetition.cases.audit import event_committed
        from ecopetition.core.registry import lazy_callable, register_case_panel, register_nav

        event_committed.connect(lazy_callable("ecopetition.documents.actions.on_event_committed"), weak=False,
                                dispatch_uid="documents.complainant_notice")
        register_nav("documents_templates", _("Document templates"), "documents:templates", roles={"admin"},
                     order=95)
        register_case_panel("documents", "documents/panel.html", "ecopetition.documents.panels.documents_panel", order=50)

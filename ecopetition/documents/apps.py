from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ecopetition.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.urls import reverse

        from ecopetition.cases import dispatch
        from ecopetition.cases.audit import event_committed
        from ecopetition.core.registry import (
            lazy_callable,
            register_action_page,
            register_case_panel,
            register_event_label,
            register_nav,
        )

        from .models import NOTICE_FOR_ACTION

        event_committed.connect_for(lazy_callable("ecopetition.documents.actions.on_event_committed"),
                                    NOTICE_FOR_ACTION, weak=False, dispatch_uid="documents.complainant_notice")
        register_nav("documents_templates", _("Document templates"), "documents:templates", roles={"admin"},
                     order=95)
        register_case_panel("documents", "documents/panel.html", "ecopetition.documents.panels.documents_panel", order=50)
        # 归档: the archive action of the transition table, its page and its panel.
        from ecopetition.cases.dispatch import register_command

        do_archive = lazy_callable("ecopetition.documents.archiving.do_archive")
        register_command("archive", {"note": ""}, lambda c, u, d: do_archive(c, actor=u, note=d["note"]))
        register_nav("archive", _("Archive"), "documents:archive", roles={"clerk", "supervisor", "leader"}, order=80)
        register_case_panel("archive", "documents/archive_panel.html", "ecopetition.documents.panels.archive_panel",
                            order=20)
        # One way to reply: the console's button opens the draft; the API and importers send through the same
        # function (text: the letter, else the saved draft; reason: why it goes out despite the reply check).
        do_send_reply = lazy_callable("ecopetition.documents.actions.do_send_reply")
        register_action_page("reply", lambda case: reverse("documents:reply", args=[case.number]))
        dispatch.replace_command("reply", dispatch.Command(
            {"text": "", "method": "", "email": "", "reason": ""},
            lambda c, u, d: do_send_reply(c, actor=u, method=d["method"], email=d["email"],
                                          text=d["text"] or None, reason=d["reason"])))
        register_event_label("reply_check_overridden", _("Reply sent despite the reply check"))
        register_event_label("reply_unnamed", _("Name in a letter to an anonymous complainant replaced"))

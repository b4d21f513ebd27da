from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ecopetition.meetings"
    label = "meetings"
    verbose_name = _("Case meetings and typical problems")

    def ready(self) -> None:
        from ecopetition.core.registry import register_case_record_text, register_event_label, register_nav

        # the names found in the minutes and decisions (stored masked) join the agenda case's masks (R17-10)
        register_case_record_text("meetings", "AgendaItem", "found_names")

        register_nav("meetings", _("Case meetings"), "meetings:index",
                     roles={"leader", "supervisor", "officer", "dispatcher"}, order=64)
        register_nav("typical_problems", _("Typical problems"), "meetings:problems",
                     roles={"leader", "supervisor", "officer", "dispatcher"}, order=65)
        for action, label in {
            "meeting_decision": _("Decided at a case meeting"),
            "meeting_decision_done": _("Case meeting decision carried out"),
        }.items():
            register_event_label(action, label)

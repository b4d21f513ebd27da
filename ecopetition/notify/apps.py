from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "ecopetition.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from ecopetition.core.registry import register_nav

        register_nav("notify_inbox", _("Notifications"), "notify:inbox", roles=None, order=90)
        register_nav("notify_outbox", _("SMS and e-mail"), "notify:outbox", roles={"admin"}, order=905)
        register_nav("notify_calls", _("To call"), "notify:calls", roles={"callback", "clerk"}, order=70)

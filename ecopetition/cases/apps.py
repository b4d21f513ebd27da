from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ecopetition.cases"
    label = "cases"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ecopetition.core.registry import lazy_callable, on_role_change, register_nav

        from . import fts, signals  # noqa: F401

        on_role_change(lazy_callable("ecopetition.cases.actions.record_role_change"))
        post_migrate.connect(fts.on_post_migrate, sender=self, dispatch_uid="cases-sqlite-fts")

        register_nav("queue", _("My work"), "cases:queue", order=10)
        register_nav("cases", _("Cases"), "cases:list", order=20)
        register_nav("register", _("Register"), "cases:register", roles={"clerk"}, order=30)
        register_nav("admin", _("Administration"), "admin:index", roles={"admin"}, order=900)

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ecopetition.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.conf import settings
        from django.contrib import admin
        from django.utils.text import format_lazy

        # The admin speaks as the system, not as Django.
        admin.site.site_header = format_lazy("{} · {}", settings.ECOPETITION_SITE_NAME, _("administration"))
        admin.site.site_title = settings.ECOPETITION_SITE_NAME
        admin.site.index_title = _("Reference data and accounts")


class AxesConfig(AxesAppConfig):
    """django-axes (the log-in throttle) under a name the admin index can show in the user's language."""

    verbose_name = _("Log-in throttling")

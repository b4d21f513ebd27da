"""Words of installed libraries that their own catalogues leave in English in zh-hans.

Marked here so that `scripts/messages.sh` keeps them in the core catalogue, which Django reads before
the libraries' own (LOCALE_PATHS first): django-axes' models and fields as the admin lists them, and
the admin's headings for screen readers that Django 5.2 added after its Chinese catalogue.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    # django-axes
    gettext_noop("access attempt"), gettext_noop("access attempts"), gettext_noop("access failure"),
    gettext_noop("access failures"), gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"), gettext_noop("IP Address"), gettext_noop("Username"), gettext_noop("HTTP Accept"),
    gettext_noop("Path"), gettext_noop("Attempt Time"), gettext_noop("Access lock out"), gettext_noop("GET Data"),
    gettext_noop("POST Data"), gettext_noop("Failed Logins"), gettext_noop("Access Attempt"),
    gettext_noop("Expires At"), gettext_noop("Logout Time"), gettext_noop("Session key hash (sha256)"),
    gettext_noop("Status"), gettext_noop("Locked Out"), gettext_noop("Form Data"), gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"), gettext_noop("Not set"), gettext_noop("Attempt Remaining"),
    # django.contrib.admin 5.2
    gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link"),
]

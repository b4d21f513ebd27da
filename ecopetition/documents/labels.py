"""Core labels that appear inside documents, listed so this app's catalogue carries their Chinese.

Documents are rendered in the default language; until the core catalogue
translates these, this app's does (a translation in the core wins when present).
"""

from django.utils.translation import gettext_noop

DOCUMENT_LABELS = [
    gettext_noop("Founded"), gettext_noop("Partly founded"), gettext_noop("Unfounded"),
    gettext_noop("Letter"), gettext_noop("Visit"), gettext_noop("Phone (12369)"), gettext_noop("Web"),
    gettext_noop("E-mail"), gettext_noop("Transfer from a superior body"), gettext_noop("Inspection handover"),
    gettext_noop("Leader instruction"),
    gettext_noop("Satisfied"), gettext_noop("Basically satisfied"), gettext_noop("Unsatisfied"),
    gettext_noop("Letter by post"), gettext_noop("SMS"), gettext_noop("Phone"), gettext_noop("Portal"),
    gettext_noop("In person"),
]

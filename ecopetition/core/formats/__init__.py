"""How dates and times read on every page, per language (FORMAT_MODULE_PATH).

Templates write `|date:"DATETIME_FORMAT"` (or DATE_FORMAT, SHORT_DATETIME_FORMAT) and Python code
`core.formats.when(value)`: one format per language, never a hand-written "Y-m-d H:i".
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def when(value: dt.datetime | dt.date | None, kind: str = "DATETIME_FORMAT") -> str:
    """A date or an aware time as the reader's language writes it, in local time ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, kind)

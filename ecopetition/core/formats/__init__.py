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


def words(items) -> str:
    """Items of a list as the reader's language runs them together: "a、b、c" in Chinese, "a, b, c" in English."""
    from django.utils.translation import pgettext

    return pgettext("list separator", ", ").join(str(i) for i in items)

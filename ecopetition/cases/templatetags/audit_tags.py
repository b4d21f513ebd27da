"""Template side of the audit trail: who did what, when, as a page says it.

    {% load audit_tags %}
    {{ event.actor_label|actor }}      王登记 · 系统（自动分流）
    {{ "sign_for"|event_label }}       签收
    {{ "in_progress"|state_label }}    办理中
    {{ "2026-12-07T11:07:31+08:00"|iso_when }}   2026年12月7日 11:07 (a time kept as text, e.g. in an export)
"""

from __future__ import annotations

import datetime as dt

from django import template

from ecopetition.cases import audit
from ecopetition.core.formats import when

register = template.Library()


@register.filter
def actor(label: str) -> str:
    return audit.shown_actor(label or "")


@register.filter
def event_label(action: str) -> str:
    return audit.event_label(action or "")


@register.filter
def state_label(code: str) -> str:
    return audit.state_label(code or "")


@register.filter
def iso_when(value, precision: str = "") -> str:
    """A time written as ISO text in the reader's format; "seconds" keeps the seconds (audit records)."""
    if not value:
        return ""
    try:
        at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        try:
            return when(dt.date.fromisoformat(str(value)), "DATE_FORMAT")
        except ValueError:
            return str(value)
    text = when(at)
    return f"{text}:{at:%S}" if precision == "seconds" else text

"""Printable agenda and minutes: PDF through WeasyPrint (`documents.render.render_pdf_html`, no fetches) and
DOCX through the documents app's official-document template. Case titles are masked, and cases the reader may not open are
not described (`queries.agenda_rows`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ecopetition.documents.render import chinese_date, render_docx, render_pdf_html

from . import queries
from .models import Meeting


def context(meeting: Meeting, what: str, user) -> dict:
    """What `user` may read of the meeting (`queries.agenda_rows`: lines of cases they may not open say so)."""
    prev, carried = queries.carried_over(meeting, user)
    return {
        "m": meeting, "others": queries.shown_others(meeting), "what": what, "rows": queries.agenda_rows(meeting, user),
        "prev": prev, "carried": carried,
        "attending": list(meeting.attending.order_by("path")),
        "title": _("Agenda") if what == "agenda" else _("Minutes"),
    }


def pdf(meeting: Meeting, what: str, user) -> bytes:
    return render_pdf_html(render_to_string("meetings/print.html", context(meeting, what, user)))


def text(meeting: Meeting, what: str, user) -> str:
    c = context(meeting, what, user)
    m = meeting
    lines = [
        _("Meeting: %(kind)s, %(date)s") % {"kind": m.get_kind_display(), "date": chinese_date(m.held_on)},
        _("Chair: %(name)s") % {"name": m.chair.get_full_name() or m.chair.get_username()},
        _("Attending: %(units)s") % {"units": "、".join(u.name for u in c["attending"]) + (
            f"、{c['others']}" if c["others"] else "") or "—"},
    ]
    if c["prev"] is not None:
        lines.append(_("What the previous meeting (%(number)s) decided:") % {"number": c["prev"].number})
        for r in c["carried"]:
            if r["hidden"]:
                lines.append(f"　{r['title']}")
                continue
            state = _("carried out") if r["done"] else (_("overdue") if r["overdue"] else _("not yet carried out"))
            lines.append(f"　{r['number']} {r['title']}：{r['text']}（{state}）")
    lines.append(_("Cases:"))
    for r in c["rows"]:
        if r["hidden"]:
            lines.append(f"{r['seq']}. {r['title']}")
            continue
        lines.append(f"{r['seq']}. {r['case'].number} {r['title']}（{'、'.join(r['reasons'])}）")
        if what == "minutes":
            if r["minutes"]:
                lines.append("　" + _("Minutes: %(text)s") % {"text": r["minutes"]})
            for d in r["decisions"]:
                due = f"，{_('due')} {d['d'].due_at:%Y-%m-%d %H:%M}" if d["d"].due_at else ""
                unit = f"，{d['d'].unit.name}" if d["d"].unit_id else ""
                lines.append("　" + _("Decision (%(kind)s): %(text)s") % {"kind": d["d"].get_kind_display(),
                                                                         "text": d["text"]} + unit + due)
    lines += ["", m.unit.official_name, chinese_date(m.held_on)]
    return "\n".join(lines)


def docx(meeting: Meeting, what: str, user) -> bytes:
    title = _("Case meeting agenda") if what == "agenda" else _("Case meeting minutes")
    return render_docx(title=title, number=meeting.number, unit_name=meeting.unit.official_name,
                       issue_date=chinese_date(meeting.held_on), text=text(meeting, what, user))

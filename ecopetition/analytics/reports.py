"""Monthly and quarterly reports as PDF (WeasyPrint) and Excel (openpyxl), from the same figures as the dashboard.

Charts in the PDF are SVG drawn here (no script, no network); the PDF renderer's
URL fetcher refuses every URL, so a report can never reach out of the machine.
"""

from __future__ import annotations

import io
from html import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ecopetition.core import clock
from ecopetition.org.models import Unit

from . import assessment, queries, rates
from .queries import Period


def build(area: Unit, period: Period) -> dict:
    s = queries.stats(area, period)
    names = queries.labels()
    divisions = queries.division_names()
    unit_names = dict(Unit.objects.filter(pk__in=list(s["by_unit"])).values_list("pk", "name"))

    def table(dim, labels):
        rows = [(labels.get(k) or k or _("(none)"), v["n"]) for k, v in s["by"][dim].items()]
        return sorted(rows, key=lambda r: -r[1])

    try:
        ranking = [(r.rank, r.unit.name, r.n, r.score) for r in assessment.score_units(area, period)]
    except Exception:  # noqa: BLE001 - a report still comes out without the ranking
        ranking = []
    return {
        "area": area, "period": period, "generated": clock.now(), "totals": s["totals"],
        "rates": queries.rates(s["totals"]),
        "figures": rates.figures(s["totals"]),
        "trend": [(m, v["n"], v["closed"]) for m, v in s["trend"].items()],
        "channel": table("channel", names["channel"]),
        "category": table("category", names["category"]),
        "sector": table("sector", names["sector"]),
        "division": table("division", divisions),
        "units": sorted(((unit_names.get(u, "?"), v["n"], v["closed"], queries.rates(v)["satisfaction"])
                         for u, v in s["by_unit"].items()), key=lambda r: -r[1]),
        "ranking": ranking,
    }


def bar_svg(rows: list[tuple[str, int]], width: int = 640, bar_h: int = 18) -> str:
    """A horizontal bar chart as inline SVG."""
    rows = rows[:12]
    if not rows:
        return ""
    top = max(v for _l, v in rows) or 1
    label_w, h = 150, bar_h * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" viewBox="0 0 {width} {h}">']
    for i, (label, v) in enumerate(rows):
        y = 5 + i * bar_h
        w = int((width - label_w - 60) * v / top)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.0f}" font-size="11" text-anchor="end">'
                     f'{escape(str(label))[:14]}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{max(w, 1)}" height="{bar_h - 5}" fill="#2f6f8f"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + bar_h * 0.7:.0f}" font-size="11">{v}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend_svg(trend: list, width: int = 640, height: int = 160) -> str:
    if not trend:
        return ""
    top = max(max(n, c) for _m, n, c in trend) or 1
    step = min((width - 40) / max(len(trend), 1), 60)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 20}">']
    for i, (month, n, c) in enumerate(trend):
        x = 30 + i * step
        hn = (height - 20) * n / top
        hc = (height - 20) * c / top
        parts.append(f'<rect x="{x:.0f}" y="{height - hn:.0f}" width="{step * 0.4:.0f}" height="{hn:.0f}" fill="#2f6f8f"/>')
        parts.append(f'<rect x="{x + step * 0.42:.0f}" y="{height - hc:.0f}" width="{step * 0.4:.0f}" '
                     f'height="{hc:.0f}" fill="#7fb77e"/>')
        parts.append(f'<text x="{x:.0f}" y="{height + 14}" font-size="9">{escape(month[2:])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _refuse(url, *args, **kwargs):
    raise ValueError(f"reports fetch nothing: {url}")


def render_pdf(data: dict) -> bytes:
    html = render_to_string("analytics/report_pdf.html", {
        **data,
        "trend_chart": trend_svg(data["trend"]),
        "category_chart": bar_svg(data["category"]),
        "channel_chart": bar_svg(data["channel"]),
    })
    return _pdf(html)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse, base_url="about:blank").write_pdf()


def html_to_pdf(template: str, context: dict) -> bytes:
    """Any command-centre page to print (campaign phase reports), rendered like the monthly report."""
    return _pdf(render_to_string(template, context))


def render_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    ws.append([f"{data['area'].name} {data['period'].label()}"])
    ws["A1"].font = Font(bold=True, size=14)
    t = data["totals"]
    for label, value in [
        (_("Complaints"), t["n"]), (_("Accepted"), t["accepted"]), (_("Closed"), t["closed"]),
        (_("Ordered to rectify"), t["rectify"]),
        (_("Cases filed"), t["filed"]), (_("Total fines (yuan)"), t["fines"]),
        (_("Referred to police"), t["police"]), (_("Officials interviewed"), t["interviewed"]),
        (_("Held accountable"), t["accountable"]), (_("Daily consecutive fines"), t["daily_fine"]),
        (_("Sealed or seized"), t["sealed"]), (_("Production limited or stopped"), t["limited"]),
        (_("Ordered to cease business or close"), t["closed_down"]),
        (_("Referred for administrative detention"), t["detained"]),
    ]:
        ws.append([label, value])
    ws.column_dimensions["A"].width = 36
    rs = wb.create_sheet(_("Rates")[:31])
    rs.append([_("Figure"), _("Value (%)"), _("Counted"), _("Out of"), _("Definition")])
    for f in data["figures"]:
        rs.append([f["name"], f["value"], f["numerator"], f["denominator"], f["definition"]])
    rs.column_dimensions["A"].width = 20
    rs.column_dimensions["E"].width = 90

    tr = wb.create_sheet(_("Trend")[:31])
    tr.append([_("Month"), _("Complaints"), _("Closed")])
    for row in data["trend"]:
        tr.append(list(row))
    if data["trend"]:
        chart = BarChart()
        chart.title = _("Complaints by month")
        chart.add_data(Reference(tr, min_col=2, max_col=3, min_row=1, max_row=len(data["trend"]) + 1),
                       titles_from_data=True)
        chart.set_categories(Reference(tr, min_col=1, min_row=2, max_row=len(data["trend"]) + 1))
        tr.add_chart(chart, "E2")
    for key, title in (("category", _("By category")), ("channel", _("By channel")), ("sector", _("By sector")),
                       ("division", _("By division"))):
        sh = wb.create_sheet(title[:31])
        sh.append([title, _("Complaints")])
        for row in data[key]:
            sh.append(list(row))
        sh.column_dimensions["A"].width = 30
    rk = wb.create_sheet(_("Ranking")[:31])
    rk.append([_("Rank"), _("Unit"), _("Complaints"), _("Score")])
    for row in data["ranking"]:
        rk.append([row[0], row[1], row[2], _("No complaints · not assessed") if row[3] is None else float(row[3])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

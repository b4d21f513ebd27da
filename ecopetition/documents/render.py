"""Turning a template and a case into text, PDF and DOCX. No network: every URL is refused.

Template fields are replaced by plain values; the HTML for WeasyPrint is built
by Django's autoescaping template engine, so nothing in a complaint can become
markup, and the URL fetcher refuses everything even if it did.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from .models import PLACEHOLDER_RE, PLACEHOLDERS

DOCX_TEMPLATE = Path(__file__).with_name("docx") / "document.docx"


@cache
def _refusing_fetcher_class():
    from weasyprint.urls import URLFetcher  # WeasyPrint loads in about a second: only when a PDF is made

    class RefusingFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that fetches nothing: images, stylesheets, fonts by URL all fail."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=())
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.refused.append(url)
            raise ValueError(f"fetching is disabled while rendering documents: {url}")

        def __call__(self, url, *args, **kwargs):
            return self.fetch(url)

    return RefusingFetcher


def __getattr__(name: str):
    if name == "RefusingFetcher":
        return _refusing_fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


EMPTY = "—"
LABEL_LINE_RE = re.compile(r"[：:]\s*\{\{\s*[a-z_]+\s*\}\}\s*$")
ONLY_FIELD_RE = re.compile(r"^\s*\{\{\s*[a-z_]+\s*\}\}\s*$")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every {{ field }} with its value; unknown fields were refused when the template was saved.

    A line that is only an empty field disappears; a "label：{{ field }}" line
    with an empty field shows a dash rather than a dangling colon.
    """

    def sub(match):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return str(values.get(name, "") or "")

    out = []
    for line in (text or "").split("\n"):
        filled = PLACEHOLDER_RE.sub(sub, line)
        if not filled.strip():
            if ONLY_FIELD_RE.match(line):
                continue
        elif LABEL_LINE_RE.search(line) and filled.rstrip().endswith(("：", ":")):
            filled = filled.rstrip() + EMPTY
        if "（{{" in line or "({{" in line:
            filled = filled.replace("（）", "").replace("()", "")  # "（{{ doc_number }}）" with no number
        out.append(filled)
    return "\n".join(out)


@dataclass(frozen=True)
class Para:
    text: str
    indent: bool  # body paragraphs indent two characters; a salutation line ("张三：") does not
    # GB/T 9704 heading levels: 1 "一、" in 黑体, 2 "（一）" in 楷体; 0 for body text.
    level: int = 0


HEADING_1_RE = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2_RE = re.compile(r"^（[一二三四五六七八九十]+）")


def paragraphs(text: str) -> list[Para]:
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            salutation = not out and line.endswith(("：", ":")) and len(line) <= 40
            level = 1 if HEADING_1_RE.match(line) else 2 if HEADING_2_RE.match(line) and len(line) <= 40 else 0
            out.append(Para(line, not salutation, level))
    return out


def width_in_chars(text: str) -> float:
    """Printed width in body characters: a CJK character is one, a digit or Latin letter half of one."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def signature_indent(unit_name: str, issue_date: str) -> float:
    """Characters left blank right of the signature (发文机关署名) per GB/T 9704-2012 7.3.5.

    The date (成文日期) stands four characters from the right margin and the
    issuing body's name is centred over it; a name much longer than the date
    stands two characters from the right margin instead.
    """
    indent = 4 + (width_in_chars(issue_date) - width_in_chars(unit_name)) / 2
    return max(indent, 2.0)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render_pdf_html(html: str, fetcher=None) -> bytes:
    from weasyprint import HTML

    fetcher = fetcher or _refusing_fetcher_class()()
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def render_pdf(*, kind: str, title: str, number: str, unit_name: str, issue_date: str, text: str,
               draft: bool = False) -> bytes:
    """The document as printed; a `draft` (a preview before it is issued) carries a DRAFT mark on every page."""
    context = {
        "draft": draft, "kind": kind, "title": title, "number": number, "unit_name": unit_name, "issue_date": issue_date,
        "paragraphs": paragraphs(text), "sign_indent": f"{signature_indent(unit_name, issue_date):.2f}",
    }

    def layout(compact: bool):
        from weasyprint import HTML

        html = render_to_string("documents/pdf.html", {**context, "compact": compact})
        return HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher_class()()).render()

    document = layout(False)
    if len(document.pages) > 1:
        # GB/T 9704 7.3.5: when the signature and date do not fit, close up the lines rather than
        # send a page that holds little more than them.
        tighter = layout(True)
        if len(tighter.pages) < len(document.pages):
            document = tighter
    return document.write_pdf()


BODY_PT = 16  # 3号


def _place_signature(document, unit_name: str, issue_date: str) -> None:
    """Indent the last two paragraphs (signature and date) as GB/T 9704 places them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paras = [p for p in document.paragraphs if p.text.strip()]
    if len(paras) < 2 or paras[-1].text.strip() != issue_date or paras[-2].text.strip() != unit_name:
        return  # an edited template without the usual ending: leave it as it is
    sign, date = paras[-2], paras[-1]
    for para, chars in ((sign, signature_indent(unit_name, issue_date)), (date, 4)):
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.right_indent = Pt(BODY_PT * chars)


def render_docx(*, title: str, number: str, unit_name: str, issue_date: str, text: str) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(DOCX_TEMPLATE))
    # docxtpl autoescapes with autoescape=True: "<" or "&" in a complaint stays text.
    tpl.render({
        "title": title, "number": number, "unit_name": unit_name, "issue_date": issue_date,
        "paragraphs": paragraphs(text),
    }, autoescape=True)
    _place_signature(tpl.docx, unit_name, issue_date)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()

"""Build `document.docx`, the docxtpl template every generated DOCX is rendered from.

Run from the repository root after changing the layout:

    .venv/bin/python ecopetition/documents/docx/build_template.py

The styles set the East-Asian font (`w:eastAsia` on `w:rFonts`) so Word and
WPS use a CJK font for Chinese text instead of falling back to a Latin one.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
OUT = Path(__file__).with_name("document.docx")


def set_fonts(style, family: str, size: float, bold: bool = False) -> None:
    style.font.name = family
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    # Theme font attributes win over named fonts in Word: drop them.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def build() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    styles = doc.styles
    # Document defaults too, so any run without a style still uses the CJK serif.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_fonts = defaults.find(".//" + qn("w:rFonts")) if defaults is not None else None
    if default_fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            default_fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            default_fonts.set(qn(attr), SERIF)
    set_fonts(styles["Normal"], SERIF, 14)
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    set_fonts(styles["Title"], SANS, 20, bold=True)
    styles["Title"].font.color.rgb = RGBColor(0, 0, 0)
    # The default Title style draws a border under itself; an official document has none.
    ppr = styles["Title"].element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    set_fonts(styles["Heading 1"], SANS, 22, bold=True)
    styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0, 0)

    head = doc.add_paragraph("{{ unit_name }}", style="Heading 1")
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = doc.add_paragraph("{{ number }}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph("{{ title }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("{%p for para in paragraphs %}")
    doc.add_paragraph("{%p if para.indent %}")
    body = doc.add_paragraph("{{ para.text }}")
    body.paragraph_format.first_line_indent = Pt(28)  # two characters of 14 pt
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ para.text }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("")
    sign = doc.add_paragraph("{{ unit_name }}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = doc.add_paragraph("{{ issue_date }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.title = "ecopetition document template"
    doc.core_properties.author = "ecopetition"
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())

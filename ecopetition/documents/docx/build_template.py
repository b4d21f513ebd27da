"""Build `document.docx`, the docxtpl template every generated DOCX is rendered from.

Run from the repository root after changing the layout:

    .venv/bin/python ecopetition/documents/docx/build_template.py

The layout follows GB/T 9704-2012 (A4, margins 37/26/35/28 mm, 22 lines of
3号 text, red issuing-body mark and separator, 小标宋 title, page numbers
"— N —" outside). The styles name the fonts government PCs have in every
slot of `w:rFonts` (East-Asian included), so Word and WPS use them.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# The fonts government PCs have (GB/T 9704-2012): Word and WPS use them by these names.
TITLE_FONT = "方正小标宋简体"  # title and the issuing body's mark
BODY_FONT = "仿宋_GB2312"  # body text, number, signature and date
HEI_FONT = "黑体"  # first-level headings "一、"
KAI_FONT = "楷体_GB2312"  # second-level headings "（一）"
PAGE_FONT = "宋体"  # page numbers
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16  # 3号
LINE_PT = 28.95  # 225 mm / 22 lines
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


def paragraph_style(doc, name: str, family: str, size: float, *, bold=False, color=None, center=False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    set_fonts(style, family, size, bold)
    if color is not None:
        style.font.color.rgb = color
    if center:
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


def line_grid(section) -> None:
    """22 lines a page: the document grid Word and WPS snap text to."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = sect.makeelement(qn("w:docGrid"), {})
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def page_number(paragraph) -> None:
    """"— N —" with N the PAGE field."""
    paragraph.add_run("— ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)
    paragraph.add_run(" —")


def red_rule(paragraph) -> None:
    """The red separator line under the document number: a bottom border as wide as the text area."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "11"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)


def build() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    line_grid(section)

    # Document defaults too, so any run without a style still uses the body font.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_fonts = defaults.find(".//" + qn("w:rFonts")) if defaults is not None else None
    if default_fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            default_fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            default_fonts.set(qn(attr), BODY_FONT)
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY_FONT, BODY_PT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(LINE_PT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    mark = paragraph_style(doc, "Issuing body", TITLE_FONT, 26, color=RED, center=True)
    mark.paragraph_format.line_spacing = Pt(40)
    paragraph_style(doc, "Document number", BODY_FONT, BODY_PT, center=True)
    title_style = paragraph_style(doc, "Document title", TITLE_FONT, 22, center=True)
    title_style.paragraph_format.line_spacing = Pt(36)
    title_style.paragraph_format.space_before = Pt(LINE_PT * 2)
    title_style.paragraph_format.space_after = Pt(LINE_PT)
    paragraph_style(doc, "Heading level 1", HEI_FONT, BODY_PT).paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    paragraph_style(doc, "Heading level 2", KAI_FONT, BODY_PT).paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    body_style = paragraph_style(doc, "Body text", BODY_FONT, BODY_PT)
    body_style.paragraph_format.first_line_indent = Pt(BODY_PT * 2)  # two characters
    page_style = doc.styles.add_style("Page number", WD_STYLE_TYPE.CHARACTER)
    set_fonts(page_style, PAGE_FONT, 14)  # 4号

    doc.add_paragraph("{{ unit_name }}", style="Issuing body")
    doc.add_paragraph("", style="Document number")
    red_rule(doc.add_paragraph("{{ number }}", style="Document number"))
    doc.add_paragraph("{{ title }}", style="Document title")

    doc.add_paragraph("{%p for para in paragraphs %}")
    doc.add_paragraph("{%p if para.level == 1 %}")
    doc.add_paragraph("{{ para.text }}", style="Heading level 1")
    doc.add_paragraph("{%p elif para.level == 2 %}")
    doc.add_paragraph("{{ para.text }}", style="Heading level 2")
    doc.add_paragraph("{%p elif para.indent %}")
    doc.add_paragraph("{{ para.text }}", style="Body text")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ para.text }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("")
    doc.add_paragraph("")
    sign = doc.add_paragraph("{{ unit_name }}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = doc.add_paragraph("{{ issue_date }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    # Page numbers: odd pages right, even pages left, one character in from the edge of the text area.
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        para = footer.paragraphs[0]
        para.alignment = align
        para.style = doc.styles["Normal"]
        setattr(para.paragraph_format, f"{side}_indent", Pt(14))
        page_number(para)
        for run in para.runs:
            run.style = page_style
    doc.core_properties.title = "ecopetition document template"
    doc.core_properties.author = "ecopetition"
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())

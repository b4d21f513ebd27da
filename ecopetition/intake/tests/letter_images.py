"""Test letters drawn here (Pillow and the Noto CJK font of fonts-noto-cjk): a printed complaint
letter with a name, phone, ID number, home address and a reported party; blank pages; PDFs."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

NAME = "欧阳建国"
PHONE = "13912345678"
ADDRESS = "盐城市亭湖区合德镇幸福路18号"
PARTY = "盐城市东方化工有限公司"


def id_number() -> str:
    from ecopetition.cases.masking import ID_CHECK, ID_WEIGHTS

    body = "32090219850312123"
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def letter_lines() -> list[str]:
    return [
        "举报信",
        "盐城市生态环境局：",
        f"我叫{NAME}，家住{ADDRESS}，",
        f"联系电话{PHONE}。",
        f"我要举报{PARTY}，该厂位于亭湖区",
        "南洋镇工业园，每天夜里偷排废水，河水发黑发臭，",
        "鱼都死了。请尽快派人查处。",
        f"身份证号：{id_number()}",
        f"举报人：{NAME}",
        "2026年11月20日",
    ]


WRITER = "上官飞燕"
WRITER_PHONE = "13700008888"


def signed_letter_lines() -> list[str]:
    """A letter whose writer gives no 我叫/姓名 cue: a resident introducing herself, the given name alone,
    surname + 女士, and the signature block (此致/敬礼, the name, the date)."""
    return [
        "盐城市生态环境局：",
        f"我是合德镇春晖花园居民{WRITER}，反映印染厂",
        "夜间偷排废水的问题，河水发黑发臭。",
        "我的电话：137 0000 8888，",
        "住址：射阳县合德镇春晖花园9栋301室。",
        "飞燕的母亲也可作证，请联系上官女士。",
        "此致",
        "敬礼",
        f"{WRITER}    2026年12月1日",
    ]


def letter_page(width: int = 1240, height: int = 1754, lines=None) -> Image.Image:
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    y = 120
    for line in lines or letter_lines():
        draw.text((110, y), line, font=font, fill="black")
        y += 80
    return img


def blank_page(width: int = 1240, height: int = 1754) -> Image.Image:
    return Image.new("RGB", (width, height), "white")


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def pdf(*images: Image.Image) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=list(images[1:]), resolution=150)
    return buf.getvalue()


def weasy_pdf() -> bytes:
    """The letter typeset by WeasyPrint: a PDF with a text layer (the redacted copy must not keep it),
    on two pages."""
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in letter_lines())
    html = (f"<html><head><style>@page {{ size: A4; margin: 2cm }} body {{ font-family: 'Noto Sans CJK SC'; "
            f"font-size: 16pt }} .next {{ page-break-before: always }}</style></head><body>{body}"
            f"<p class='next'>附：现场照片说明。联系人{NAME}，电话{PHONE}。</p></body></html>")
    return HTML(string=html).write_pdf()

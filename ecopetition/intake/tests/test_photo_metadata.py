"""R5-8: a photo's hidden metadata (EXIF GPS position, camera, owner fields, XMP, text chunks) never reach
a reader: stripped when the portal, the API or the console store it, and when an older file is served."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ecopetition.cases.attachments import attachment_path
from ecopetition.cases.metadata import strip
from ecopetition.cases.models import Complaint

URL = "/api/v1/complaints"
GPS_IFD = 0x8825


def exif_jpeg(orientation: int = 1, size=(40, 20)) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    img.paste((20, 20, 220), (0, 0, size[0] // 2, size[1]))  # left half blue: shows which way is up
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"          # Make
    exif[0x0110] = "ALN-AL00"        # Model
    exif[0x8298] = "13566667777"     # Copyright
    exif[0x013B] = "慕容秋水"          # Artist
    exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 46.0, 30.12), 3: "E", 4: (120.0, 15.0, 10.5)})
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif, quality=90, comment=b"13566667777")
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the fixture really carries GPS
    return data


def _exif(tag: int, value: str):
    exif = Image.Exif()
    exif[tag] = value
    return exif


def text_png() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "13566667777")
    info.add_text("Comment", "慕容秋水")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 33.775</x:xmpmeta>")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buf, format="PNG", pnginfo=info, exif=_exif(0x8298, "x"))
    return buf.getvalue()


def assert_clean(data: bytes) -> None:
    assert b"13566667777" not in data and "慕容秋水".encode() not in data and b"HUAWEI" not in data
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        exif = im.getexif()
        assert not exif.get_ifd(GPS_IFD) and 0x010F not in exif and 0x8298 not in exif
        assert "exif" not in im.info and not any(k for k in im.info if k not in ("jfif", "jfif_version",
                                                                                    "jfif_unit", "jfif_density",
                                                                                    "dpi", "progressive",
                                                                                    "progression"))


def test_strip_drops_exif_comments_and_text_chunks_and_keeps_the_picture():
    jpeg = exif_jpeg()
    clean = strip(jpeg, "jpeg")
    assert_clean(clean)
    assert Image.open(io.BytesIO(clean)).size == (40, 20)
    assert strip(clean, "jpeg") == clean  # nothing left to drop
    png = text_png()
    assert b"tEXt" in png and b"iTXt" in png and b"eXIf" in png
    clean = strip(png, "png")
    assert b"tEXt" not in clean and b"iTXt" not in clean and b"eXIf" not in clean and b"13566667777" not in clean
    assert Image.open(io.BytesIO(clean)).getpixel((0, 0)) == (1, 2, 3)
    webp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(webp, format="WEBP", exif=_exif(0x8298, "13566667777"))
    clean = strip(webp.getvalue(), "webp")
    assert b"13566667777" in webp.getvalue() and b"13566667777" not in clean
    Image.open(io.BytesIO(clean)).load()


def test_a_turned_photo_is_stored_upright():
    """Orientation 6 (turned 90°): the EXIF that says so goes, so the picture itself is turned."""
    clean = strip(exif_jpeg(orientation=6), "jpeg")
    assert_clean(clean)
    with Image.open(io.BytesIO(clean)) as im:
        assert im.size == (20, 40)  # upright: taller than wide
        r, g, b = im.convert("RGB").getpixel((10, 5))
        assert b > r  # the blue half is now on top


def _declaring(data: bytes, width: int, height: int) -> bytes:
    """`data` (a baseline JPEG) with its frame header saying `width`×`height`: a small file, a huge picture."""
    sof = data.index(b"\xff\xc0")
    return data[:sof + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + data[sof + 9:]


def test_a_small_file_declaring_a_huge_turned_picture_is_not_decoded_at_full_size(monkeypatch):
    """R6-5: a 13000×13000 picture with Orientation 6 is not decoded whole (1.3 GB for one anonymous photo)."""
    from PIL import ImageOps

    from ecopetition.cases import metadata

    seen = []
    real = ImageOps.exif_transpose
    monkeypatch.setattr(ImageOps, "exif_transpose", lambda im, **kw: seen.append(im.size) or real(im, **kw))
    huge = _declaring(exif_jpeg(orientation=6), 13000, 13000)
    with Image.open(io.BytesIO(huge)) as im:
        assert im.size == (13000, 13000)
    clean = strip(huge, "jpeg")
    assert all(w * h <= metadata.MAX_UPRIGHT_PIXELS for w, h in seen), seen
    assert b"13566667777" not in clean and b"HUAWEI" not in clean  # its metadata is still gone


def test_a_turned_photo_over_the_pixel_cap_is_turned_at_a_reduced_size(monkeypatch):
    from ecopetition.cases import metadata

    monkeypatch.setattr(metadata, "MAX_UPRIGHT_PIXELS", 500)  # 40×20 = 800 pixels: over the cap
    clean = strip(exif_jpeg(orientation=6), "jpeg")
    assert_clean(clean)
    with Image.open(io.BytesIO(clean)) as im:
        assert im.size[0] * im.size[1] <= 500 and im.size[1] > im.size[0]  # reduced, and upright
        r, g, b = im.convert("RGB").getpixel((im.size[0] // 2, 1))
        assert b > r  # the blue half is on top


@pytest.mark.django_db
def test_portal_photo_is_served_without_its_gps(client, world, settings):
    data = {"content": "印染厂夜间偷排废水", "address": "亭湖区某河边", "category": "water", "name": "慕容秋水",
            "phone": "13566667777", "photos": [SimpleUploadedFile("IMG_2026.jpg", exif_jpeg(), content_type="image/jpeg")]}
    r = client.post(reverse("portal:submit"), data)
    assert r.status_code == 200, r.content[:500]
    case = Complaint.objects.order_by("-pk").first()
    att = case.attachments.get()
    stored = attachment_path(att).read_bytes()
    assert_clean(stored)
    assert att.size == len(stored)
    clerk = world.users["amy"] if case.unit.code != world.units["city"].code else world.users["cara"]
    client.force_login(clerk)
    r = client.get(f"/staff/cases/{case.number}/files/{att.pk}/")
    assert r.status_code == 200
    assert_clean(b"".join(r.streaming_content))


@pytest.mark.django_db
def test_api_photo_and_an_older_stored_photo_are_served_without_gps(client, auth, world):
    number = client.post(URL, {"content": "粉尘", "unit": "A320902"}, content_type="application/json",
                         **auth).json()["number"]
    r = client.post(f"{URL}/{number}/attachments", {"file": SimpleUploadedFile("p.jpg", exif_jpeg())}, **auth)
    assert r.status_code == 201, r.content
    att_id = r.json()["id"]
    r = client.get(f"{URL}/{number}/attachments/{att_id}", **auth)
    assert_clean(b"".join(r.streaming_content))
    # A file stored before the rule (written back with its EXIF): served stripped all the same.
    att = Complaint.objects.get(number=number).attachments.get(pk=att_id)
    attachment_path(att).write_bytes(exif_jpeg())
    r = client.get(f"{URL}/{number}/attachments/{att_id}", **auth)
    assert_clean(b"".join(r.streaming_content))
    client.force_login(world.users["cara"])
    r = client.get(f"/staff/cases/{number}/files/{att_id}/")
    assert r.status_code == 200
    assert_clean(b"".join(r.streaming_content))


# --- R7-5: GIF comments and application extensions, MP4/MOV metadata boxes ---------------------------------------

SECRET = "慕容雪 13922223333 合德镇幸福小区8栋602".encode()


def gif_with_comment() -> bytes:
    """A two-frame looping GIF89a carrying a comment extension and an XMP application extension."""
    frames = [Image.new("P", (6, 4), 1), Image.new("P", (6, 4), 2)]
    for f in frames:
        f.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], loop=0, duration=100,
                   comment=SECRET)
    data = buf.getvalue()
    xmp = b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>"
    blocks = b"".join(bytes([len(xmp[k:k + 255])]) + xmp[k:k + 255] for k in range(0, len(xmp), 255))
    app = b"\x21\xff\x0bXMP DataXMP" + blocks + b"\x00"
    data = data[:-1] + app + b"\x3b"  # before the trailer
    assert data.count(SECRET) == 2
    return data


def box(kind: bytes, body: bytes) -> bytes:
    return (8 + len(body)).to_bytes(4, "big") + kind + body


def mp4_with_gps() -> bytes:
    """An MP4 whose moov holds a track (its chunk offset pointing into mdat) and udta/meta with the GPS position,
    a title and a location box, as a phone writes them."""
    udta = box(b"udta", box(b"\xa9xyz", b"\x00\x12\x15\xc7+33.7749+120.2300+003.000/")
               + box(b"\xa9nam", b"\x00\x0c\x00\x00" + "慕容雪家窗外".encode()) + box(b"loci", b"\x00" * 4 + SECRET))
    meta = box(b"meta", b"\x00" * 4 + box(b"hdlr", b"\x00" * 8 + b"mdta" + b"\x00" * 13)
               + box(b"keys", b"\x00" * 8 + b"com.apple.quicktime.location.ISO6709")
               + box(b"ilst", box(b"\x00\x00\x00\x01", box(b"data", b"\x00" * 8 + b"+33.7749+120.2300/"))))
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")

    def moov(offset: int) -> bytes:
        stco = box(b"stco", b"\x00" * 4 + (1).to_bytes(4, "big") + offset.to_bytes(4, "big"))
        trak = box(b"trak", box(b"tkhd", b"\x00" * 84) + box(b"mdia", box(b"minf", box(b"stbl", stco)))
                   + box(b"udta", box(b"\xa9nam", SECRET)))
        return box(b"moov", box(b"mvhd", b"\x00" * 100) + trak + udta + meta)

    head = ftyp + moov(0)
    data = ftyp + moov(len(head) + 8) + box(b"mdat", b"FRAMEDATA")
    assert data.count(SECRET) == 2 and b"+33.7749" in data
    return data


def boxes(data: bytes, start: int = 0, end: int | None = None) -> list[tuple[bytes, int, int]]:
    end = len(data) if end is None else end
    out, i = [], start
    while i + 8 <= end:
        size = int.from_bytes(data[i:i + 4], "big")
        out.append((data[i + 4:i + 8], i, size))
        i += size
    return out


def test_a_gif_loses_its_comment_and_xmp_and_keeps_its_frames_and_loop():
    data = gif_with_comment()
    clean = strip(data, "gif")
    assert SECRET not in clean and b"XMP DataXMP" not in clean and b"xmpmeta" not in clean
    with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(clean)) as after:
        assert "comment" not in after.info
        assert after.n_frames == before.n_frames == 2 and after.info.get("loop") == 0
        for k in range(2):
            before.seek(k)
            after.seek(k)
            assert before.convert("RGB").tobytes() == after.convert("RGB").tobytes()
    assert strip(clean, "gif") == clean  # nothing more to drop


def test_an_mp4_loses_its_gps_title_and_location_and_keeps_its_offsets():
    data = mp4_with_gps()
    clean = strip(data, "mp4")
    assert SECRET not in clean and b"+33.7749" not in clean and "慕容雪".encode() not in clean
    assert b"quicktime.location" not in clean
    assert len(clean) == len(data)
    assert [(k, i, s) for k, i, s in boxes(clean)] == [(k, i, s) for k, i, s in boxes(data)]  # same layout
    moov = next((i, s) for k, i, s in boxes(clean) if k == b"moov")
    kinds = [k for k, _i, _s in boxes(clean, moov[0] + 8, moov[0] + moov[1])]
    assert kinds == [b"mvhd", b"trak", b"free", b"free"]
    offset = int.from_bytes(clean[clean.index(b"stco") + 12:clean.index(b"stco") + 16], "big")
    assert clean[offset:offset + 9] == b"FRAMEDATA"  # the sample offsets still point at the picture data
    assert strip(data, "mp4") == strip(clean, "mp4")


@pytest.mark.django_db
def test_a_portal_gif_and_an_api_video_are_stored_and_served_without_their_metadata(client, auth, world):
    data = {"content": "印染厂夜间偷排废水", "address": "亭湖区某河边", "category": "water", "name": "慕容雪",
            "phone": "13922223333", "photos": [SimpleUploadedFile("x.gif", gif_with_comment(), content_type="image/gif")]}
    r = client.post(reverse("portal:submit"), data)
    assert r.status_code == 200, r.content[:500]
    case = Complaint.objects.order_by("-pk").first()
    att = case.attachments.get()
    stored = attachment_path(att).read_bytes()
    assert SECRET not in stored and att.size == len(stored)
    number = client.post(URL, {"content": "粉尘", "unit": "A320902"}, content_type="application/json",
                         **auth).json()["number"]
    for name in ("clip.mp4", "clip.mov"):
        r = client.post(f"{URL}/{number}/attachments", {"file": SimpleUploadedFile(name, mp4_with_gps())}, **auth)
        assert r.status_code == 201, r.content
        att_id = r.json()["id"]
        served = b"".join(client.get(f"{URL}/{number}/attachments/{att_id}", **auth).streaming_content)
        assert SECRET not in served and b"+33.7749" not in served
    # A video and a GIF stored before the rule: served stripped all the same.
    video = Complaint.objects.get(number=number).attachments.get(pk=att_id)
    attachment_path(video).write_bytes(mp4_with_gps())
    attachment_path(att).write_bytes(gif_with_comment())
    served = b"".join(client.get(f"{URL}/{number}/attachments/{att_id}", **auth).streaming_content)
    assert SECRET not in served and b"+33.7749" not in served
    clerk = world.users["amy"] if case.unit.code != world.units["city"].code else world.users["cara"]
    client.force_login(clerk)
    r = client.get(f"/staff/cases/{case.number}/files/{att.pk}/")
    assert r.status_code == 200
    assert SECRET not in b"".join(r.streaming_content)


def docx_with_author() -> bytes:
    import zipfile

    from docx import Document

    doc = Document()
    doc.add_paragraph("举报材料：化工厂夜间排放。")
    props = doc.core_properties
    props.author, props.last_modified_by, props.title = "慕容雪", "13922223333", "慕容雪的举报"
    props.comments, props.keywords, props.subject = "合德镇幸福小区8栋602", "慕容雪", "慕容雪"
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "docProps/app.xml":
                body = body.replace(b"</Properties>", "<Company>慕容雪家</Company><Manager>慕容雪</Manager></Properties>".encode())
            zout.writestr(info, body)
    return out.getvalue()


def test_a_docx_loses_its_author_and_company_and_keeps_its_text():
    import zipfile

    from docx import Document

    data = docx_with_author()
    clean = strip(data, "docx")
    with zipfile.ZipFile(io.BytesIO(clean)) as z:
        props = (z.read("docProps/core.xml") + z.read("docProps/app.xml")).decode()
    for value in ("慕容雪", "13922223333", "幸福小区"):
        assert value not in props, props
    doc = Document(io.BytesIO(clean))
    assert doc.paragraphs[0].text == "举报材料：化工厂夜间排放。"
    assert doc.core_properties.author == "" and doc.core_properties.created is not None
    assert strip(clean, "docx") == clean

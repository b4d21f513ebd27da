"""Pictures lose their hidden metadata: EXIF (GPS position, camera, owner and comment fields, thumbnails,
maker notes), XMP, IPTC, ICC profiles and text chunks.

A photo of a nuisance taken from one's own window carries the home's position to under a metre; nobody
sees it on the page, so nobody could judge it. Every stored picture goes through `strip` (upload), and
`strip` is applied again when a picture is served, so files stored before this rule are clean too.

The work is done on the file's structure (JPEG segments, PNG chunks, WebP RIFF chunks), not by decoding
and re-encoding the picture: it is lossless, quick, and works on files Pillow cannot decode. Only a JPEG
whose EXIF turns it (orientation other than 1) is decoded and re-encoded upright, so dropping the EXIF
does not turn the picture on its side. A GIF keeps its header, colour tables, frames and the looping
extension, and loses its comments and every other extension (XMP, ICC, plain text). An MP4/MOV video or M4A
recording keeps every byte in place: its metadata boxes (`udta` with ©xyz GPS, ©nam title and loci, `meta`
with the QuickTime location keys, an XMP `uuid`) become `free` boxes of the same size, zeroed, so the offsets
of the samples stay right. A Word or Excel file loses the people and places of its document properties
(author, last modified by, title, subject, comments, keywords, category; company and manager), its text kept.
HEIC and PDF are kept as sent (see docs/security.md).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

STRIPPED_KINDS = frozenset(("jpeg", "png", "webp", "gif", "mp4", "m4a", "docx", "xlsx"))

# JPEG: APP1 (EXIF, XMP), APP2 (ICC, FlashPix), APP3-APP15 (IPTC in APP13, maker data) and COM (comments).
_JPEG_DROP = frozenset(range(0xE1, 0xF0)) | {0xFE}
# PNG chunks that are metadata, not picture.
_PNG_DROP = frozenset((b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME"))
# WebP chunks that are metadata, and the VP8X flags that announce them (ICC 0x20, EXIF 0x08, XMP 0x04).
_WEBP_DROP = frozenset((b"EXIF", b"XMP ", b"ICCP"))
_WEBP_FLAGS = 0x20 | 0x08 | 0x04
# GIF application extensions that are part of the animation (how often it loops).
_GIF_KEEP_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
# MP4/MOV (ISO base media) boxes that hold other boxes, and those that are metadata.
_MP4_CONTAINERS = frozenset((b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"moof", b"traf",
                             b"mvex"))
_MP4_DROP = frozenset((b"udta", b"meta"))
_XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
# Office documents: the properties that name people or places, emptied (element kept, so that the file stays
# valid); the whole file is rewritten only when its members declare at most this many bytes unpacked.
_OFFICE_PROPS = {
    "docProps/core.xml": re.compile(rb"(<(dc:creator|cp:lastModifiedBy|dc:title|dc:subject|dc:description|"
                                    rb"cp:keywords|cp:category|cp:contentStatus)(?:\s[^>]*)?>).*?(</\2>)", re.S),
    "docProps/app.xml": re.compile(rb"(<(Company|Manager|HyperlinkBase)(?:\s[^>]*)?>).*?(</\2>)", re.S),
}
MAX_OFFICE_UNPACKED = 100 * 1024 * 1024


def strip(data: bytes, kind: str) -> bytes:
    """`data` without its metadata (the same bytes when there is none, or when `kind` is not a picture
    this module knows)."""
    if kind == "jpeg":
        return _jpeg(data)
    if kind == "png":
        return _png(data)
    if kind == "webp":
        return _webp(data)
    if kind == "gif":
        return _gif(data)
    if kind in ("mp4", "m4a"):
        return _mp4(data)
    if kind in ("docx", "xlsx"):
        return _office(data)
    return data


def _jpeg_orientation(data: bytes) -> int:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - an unreadable picture has no orientation to keep
        return 1


# A turned picture is decoded to be turned. Above this many pixels it is decoded at a half, a quarter or an
# eighth of its size (the JPEG decoder's own cheap reduction), so that one anonymous upload declaring
# 13000×13000 pixels costs no gigabyte of memory; a picture still over the cap at an eighth is kept as sent
# (only its metadata segments dropped, not turned).
MAX_UPRIGHT_PIXELS = 40_000_000


def _jpeg_upright(data: bytes) -> bytes | None:
    """The picture decoded (reduced when over MAX_UPRIGHT_PIXELS), turned as its EXIF says, and re-encoded
    without any metadata; None when it cannot or should not be decoded."""
    try:
        from PIL import Image, ImageOps

        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size  # from the frame header: nothing decoded yet
            scale = next((s for s in (1, 2, 4, 8) if width * height <= MAX_UPRIGHT_PIXELS * s * s), None)
            if scale is None:
                return None
            if scale > 1:
                im.draft("RGB" if im.mode != "L" else "L", (-(-width // scale), -(-height // scale)))
                if im.size[0] * im.size[1] > MAX_UPRIGHT_PIXELS:
                    return None
            upright = ImageOps.exif_transpose(im)
            if upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=95)  # no exif=, icc_profile=: Pillow writes none
            return out.getvalue()
    except Exception:  # noqa: BLE001 - undecodable: fall back to dropping the segments
        return None


def _jpeg(data: bytes) -> bytes:
    if _jpeg_orientation(data) not in (0, 1):
        upright = _jpeg_upright(data)
        if upright is not None:
            return _jpeg_segments(upright)
    return _jpeg_segments(data)


def _jpeg_segments(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        return data
    out = bytearray(b"\xff\xd8")
    i = 2
    n = len(data)
    while i < n:
        if data[i] != 0xFF:  # not at a marker: keep the rest as it is (a broken file shows nothing more)
            out += data[i:]
            break
        j = i
        while j < n and data[j] == 0xFF:  # fill bytes
            j += 1
        if j >= n:
            out += data[i:]
            break
        marker = data[j]
        if marker in (0xD8, 0xD9) or 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length
            out += data[i:j + 1]
            i = j + 1
            if marker == 0xD9:
                break  # anything after the end of the picture is dropped (it could be anything)
            continue
        if j + 3 > n:
            out += data[i:]
            break
        length = struct.unpack(">H", data[j + 1:j + 3])[0]
        end = j + 1 + length
        if marker == 0xDA:  # start of scan: the picture data up to the end marker follows
            eoi = data.find(b"\xff\xd9", end)
            out += data[i:(eoi + 2 if eoi >= 0 else n)]
            break
        if marker not in _JPEG_DROP:
            out += data[i:end]
        i = end
    return bytes(out)


def _png(data: bytes) -> bytes:
    sig = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(sig):
        return data
    out = bytearray(sig)
    i = len(sig)
    n = len(data)
    while i + 12 <= n:
        length = struct.unpack(">I", data[i:i + 4])[0]
        ctype = data[i + 4:i + 8]
        end = i + 12 + length
        if end > n:
            break
        if ctype not in _PNG_DROP:
            out += data[i:end]
        i = end
        if ctype == b"IEND":
            return bytes(out)  # anything after the end is dropped
    return bytes(out + data[i:])  # a broken file keeps its broken tail: no reader gets past the break


def _webp(data: bytes) -> bytes:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return data
    chunks = []
    i = 12
    n = len(data)
    while i + 8 <= n:
        ctype = data[i:i + 4]
        size = struct.unpack("<I", data[i + 4:i + 8])[0]
        end = i + 8 + size + (size & 1)
        if end > n:
            break
        if ctype == b"VP8X" and size >= 4:
            body = bytearray(data[i + 8:i + 8 + size])
            body[0] &= ~_WEBP_FLAGS & 0xFF
            chunks.append(ctype + data[i + 4:i + 8] + bytes(body) + data[i + 8 + size:end])
        elif ctype not in _WEBP_DROP:
            chunks.append(data[i:end])
        i = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body



def _gif_blocks_end(data: bytes, i: int) -> int | None:
    """Where the data sub-blocks starting at `i` end (after their zero terminator); None when cut short."""
    n = len(data)
    while i < n:
        size = data[i]
        i += 1
        if size == 0:
            return i
        i += size
    return None


def _gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return data
    n = len(data)
    i = 13
    if data[10] & 0x80:  # the global colour table
        i += 3 << ((data[10] & 7) + 1)
    out = bytearray(data[:i])
    while i < n:
        block = data[i]
        if block == 0x3B:  # the trailer: anything after it is dropped
            break
        if block == 0x21 and i + 2 < n:  # an extension: keep the frames' timing and the loop count only
            end = _gif_blocks_end(data, i + 2)
            if end is None:
                break
            label = data[i + 1]
            if label == 0xF9 or (label == 0xFF and data[i + 2] == 11 and data[i + 3:i + 14] in _GIF_KEEP_APPS):
                out += data[i:end]
            i = end
            continue
        if block == 0x2C and i + 11 <= n:  # a frame: its descriptor, colour table and picture data
            j = i + 10
            if data[i + 9] & 0x80:
                j += 3 << ((data[i + 9] & 7) + 1)
            end = _gif_blocks_end(data, j + 1)  # (after the LZW code size)
            if end is None:
                break
            out += data[i:end]
            i = end
            continue
        break  # a broken file ends here: nothing past the break is kept
    return bytes(out + b"\x3b")


def _mp4(data: bytes) -> bytes:
    if data[4:8] != b"ftyp":
        return data
    out = bytearray(data)
    _mp4_wipe(out, 0, len(out), 0)
    return bytes(out) if out != data else data


def _mp4_wipe(buf: bytearray, start: int, end: int, depth: int) -> None:
    """Turn the metadata boxes between `start` and `end` into zeroed `free` boxes of the same size."""
    i = start
    while i + 8 <= end:
        size, header = int.from_bytes(buf[i:i + 4], "big"), 8
        if size == 1 and i + 16 <= end:  # a 64-bit size follows the type
            size, header = int.from_bytes(buf[i + 8:i + 16], "big"), 16
        elif size == 0:  # to the end of the file
            size = end - i
        if size < header or i + size > end:
            return  # a broken box: the rest is left as it is (no reader gets past it either)
        kind = bytes(buf[i + 4:i + 8])
        if kind in _MP4_DROP or (kind == b"uuid" and buf[i + header:i + header + 16] == _XMP_UUID):
            buf[i + 4:i + 8] = b"free"
            buf[i + header:i + size] = bytes(size - header)
        elif kind in _MP4_CONTAINERS and depth < 8:
            _mp4_wipe(buf, i + header, i + size, depth + 1)
        i += size


def _office(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            infos = zin.infolist()
            if sum(i.file_size for i in infos) > MAX_OFFICE_UNPACKED:
                return data  # (a zip bomb is not unpacked to clean it: kept as sent)
            props = {i.filename: zin.read(i) for i in infos if i.filename in _OFFICE_PROPS}
            clean = {name: _OFFICE_PROPS[name].sub(rb"\1\3", body) for name, body in props.items()}
            if clean == props:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as zout:
                for info in infos:
                    zout.writestr(info, clean.get(info.filename) or zin.read(info))
            return out.getvalue()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return data  # a file that cannot be read is kept as sent (nothing reads its properties either)

"""Hostile values shared by the Open311 and portal fuzzers (hypothesis strategies)."""

from __future__ import annotations

from hypothesis import strategies as st

# Values that broke or nearly broke web forms somewhere: control and format characters,
# markup, SQL and path fragments, full-width digits, numbers that are not numbers.
ODD = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\u202eevil\u202c", "\ufeff", "\u200b", "🔥" * 20, "𠀀𪚥", "ｅｖｉｌ",
    "<script>fz()</script>", "\"><img src=x onerror=fz()>", "' OR 1=1 --", "%00", "%s%s%n", "{{7*7}}",
    "../../etc/passwd", "..\\..\\boot.ini", "C:\\con\\aux", "null", "undefined", "NaN", "-Infinity", "1e309",
    "-0", "0x1F", "１２３", "٣٣.٣٥", "9" * 400, "a" * 5001, "é" * 2500, "\u0301" * 50, "\ud7ff", "\U0010ffff",
]
MARKER = "fz()"  # markup containing it must never come back unescaped

# Not `surrogates`: the test client must encode every value as UTF-8; broken UTF-8 is sent as raw bytes.
odd_text = st.one_of(st.sampled_from(ODD), st.text(max_size=30), st.text(
    st.characters(codec="utf-8", categories=["Cc", "Cf", "Mn", "Zs", "So", "Lo"]), max_size=20))

NUMBERS = ["33.35", "120.16", "0", "-90", "90", "180", "-180", "91", "-181", "1e3", "1e309", "-1e309", "nan", "inf",
           "-inf", "33,35", "33.35.1", "３３.３５", "abc", "", " 33.35 ", "0x10", "1_000", "+5", ".5", "5."]
numbers = st.one_of(st.sampled_from(NUMBERS), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.integers(min_value=-(10**30), max_value=10**30).map(str), odd_text)

DATES = [
    "2026-01-01T00:00:00Z", "2026-11-01T08:00:00+08:00", "2026-11-01T08:00:00", "2026-11-01 08:00:00+08:00",
    "2026-11-01", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T25:61:00Z",
    "2026-01-01T00:00:00+25:00", "0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00", "99999-01-01T00:00:00Z", "2026-01-01T00:00:00.123456789Z", "1969-12-31T23:59:59Z",
    "2026-W01", "20260101T000000Z", "",
]
dates = st.one_of(st.sampled_from(DATES), st.datetimes().map(lambda d: d.isoformat()), odd_text)

BROKEN_UTF8 = [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe4\xb8", b"\x80", b"\xf4\x90\x80\x80"]

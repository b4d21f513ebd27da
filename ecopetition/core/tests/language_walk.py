"""Walk the pages a user can reach and read their visible text for what a reader should not meet.

In Chinese: raw codes (an action, state or category name, `system:portal`), ISO timestamps and
English words or sentences. In English: Chinese text where the interface speaks (data such as
names, addresses and complaint texts is Chinese whatever the language, so the English check
only reads the interface's own words: headings, labels, buttons, table heads).

Used by test_language.py; kept apart so that a person can run the same walk against a served demo.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

# Elements whose text is not shown, or is shown as code on purpose (the API's examples).
SKIP = {"script", "style", "template", "noscript", "pre", "code", "kbd", "samp", "svg", "math",
        "textarea"}  # a textarea holds what a person typed or will edit
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRS = ("placeholder", "title", "aria-label", "alt")
# Interface words in English mode: the text of these elements is the interface's own, never data.
INTERFACE = {"th", "label", "button", "legend", "summary", "caption", "nav", "option"}
# Headings name the page's subject too (a case's title, a campaign's name): only a mix of both languages in
# one heading is the interface's ("Give an instruction").
HEADINGS = {"h1", "h2", "h3", "h4"}

# Proper nouns, formats and acronyms a Chinese page may show as they are.
ALLOWED_WORDS = {
    "PDF", "DOCX", "Word", "WPS", "Excel", "XLSX", "CSV", "JSON", "API", "REST", "Open311", "GeoReport", "ECharts",
    "OpenAPI", "Swagger", "HTTP", "HTTPS", "URL", "ID", "SMS", "KTV", "GB", "GBT", "T", "PM", "KB", "MB", "GPS",
    "WGS", "GCJ", "OCR", "AI", "APP", "App", "QQ", "PNG", "JPG", "JPEG", "HEIC", "ZIP", "XML", "Token", "v",
    "km", "m", "m²", "dB", "mg", "L", "PM2", "ecopetition", "Django", "No", "x", "TXT", "OK", "EMS",
    "English",  # the language switch names each language in itself
    "Ctrl", "Shift", "Enter", "Esc", "Tab",  # keys
    "p",  # a probability in a statistical note
    "SHA", "HTML", "Webhook", "Authorization",  # the HTTP header a token goes in
    "api_key",  # Open311's parameter name, as its clients write it
}


@dataclass
class Finding:
    url: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.url}: {self.kind}: {self.text}"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip = 0
        self.parts: list[str] = []
        self.interface: list[str] = []
        self.headings: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if self.skip == 0 and "action-select" not in (a.get("class") or ""):  # the admin's row checkbox names the row
            for name in SHOWN_ATTRS:
                if name == "alt" and "/admin/img/" in (a.get("src") or ""):
                    continue  # the admin's own icons (yes/no, search) carry Django's English alt text
                if a.get(name):
                    self.parts.append(a[name])
                    self.interface.append(a[name])
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.parts.append(a["value"])
                self.interface.append(a["value"])
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in SKIP:
            self.skip += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIP:
                self.skip -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if self.skip or not data.strip():
            return
        self.parts.append(data)
        if INTERFACE.intersection(self.stack) and not ("tbody" in self.stack and self.stack[-1] in ("th", "a")
                                                        and "th" in self.stack):
            self.interface.append(data)  # a row's heading in a table body is the row's data (an object's name)
        elif HEADINGS.intersection(self.stack):
            self.headings.append(data)


@dataclass
class Page:
    parts: list[str]  # every visible piece of text
    interface: list[str]  # labels, buttons, table heads, menus: the interface's own words
    headings: list[str]
    links: list[str]


def read(html: str) -> Page:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return Page(parser.parts, parser.interface, parser.headings, parser.links)


ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
# Not inside a longer code (YC-20261204-0009), but also when Chinese follows at once ("2026-11-30案件会办").
ISO_DATE = re.compile(r"(?<![0-9A-Za-z_-])\d{4}-\d{2}-\d{2}(?![0-9A-Za-z_-])")
# Things that are Latin on purpose: addresses of mail and web, file names, case and unit numbers.
NOT_WORDS = re.compile(
    r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:=\w+)?"  # a setting's name (EMAIL_URL, ECOPETITION_SMS_PROVIDER=aliyun)
    r"|\{\{ ?\w+ ?\}\}"  # a document template's field as an administrator writes it
    r"|(?<=SHA-256 )[0-9a-f]+|\b[A-Z]{1,4}-?\*{3,}"  # a hash's head; a number masked by the identity rule
    r"|\S+@\S+|\w+://\S*|(?<![\w])/[\w\-./?=&%]+|[\w\-]*\.(?i:png|jpe?g|gif|pdf|docx?|xlsx?|csv|json|txt|heic|zip)\b"
    r"|\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|\b[A-Z]{1,4}\d[\w-]*|\b[0-9a-f]{32,}\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_:.][A-Za-z0-9]+)*")
CJK = re.compile(r"[\u3400-\u9fff]")
# A division code (行政区划代码) in brackets where the place's name belongs, and a change of state from
# nothing ("— → 已登记") where the first event should simply read as its state (a corrected field may
# well read "— → 其他": it was empty).
DIVISION_CODE = re.compile(r"[（(]\d{6}(?:\d{3}){0,2}[）)]")
EMPTY_FROM = re.compile(r"—\s*→\s*已登记")


def check_chinese(url: str, parts: Iterable[str]) -> list[Finding]:
    found = []
    for raw in parts:
        text = " ".join(raw.split())
        for m in ISO_TIME.finditer(text):
            found.append(Finding(url, "ISO time", m.group()))
        for m in ISO_DATE.finditer(ISO_TIME.sub("", text)):
            found.append(Finding(url, "ISO date", m.group()))
        for m in DIVISION_CODE.finditer(text):
            found.append(Finding(url, "division code", f"{m.group()}  «{text[:80]}»"))
        if EMPTY_FROM.search(text):
            found.append(Finding(url, "state change from nothing", f"«{text[:80]}»"))
        bare = NOT_WORDS.sub(" ", text)
        for m in WORD.finditer(bare):
            word = m.group()
            if word in ALLOWED_WORDS:
                continue
            if "_" in word or ":" in word:
                found.append(Finding(url, "raw code", f"{word}  «{text[:80]}»"))
            elif word not in ALLOWED_WORDS and word.rstrip(".") not in ALLOWED_WORDS:
                found.append(Finding(url, "English", f"{word}  «{text[:80]}»"))
    return found


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def check_english(url: str, page: Page, allowed: Iterable[str] = ()) -> list[Finding]:
    """Chinese in the interface's own words of an English page (unit, category and place names are data,
    and so is the language switch's "中文")."""
    allowed = (*allowed, "中文")
    found = []
    for pieces, mixed_only in ((page.interface, False), (page.headings, True)):
        for raw in pieces:
            text = " ".join(raw.split())
            rest = text
            for name in allowed:
                rest = rest.replace(name, "")
            if CJK.search(rest) and (not mixed_only or ENGLISH_WORD.search(rest)):
                found.append(Finding(url, "Chinese", text[:80]))
    return found


@dataclass
class Walk:
    """Breadth-first over the links a page offers, at most `per_view` addresses per view."""

    get: Callable[[str], object]
    per_view: int = 2
    skip_views: set[str] = field(default_factory=set)
    # Which views to read at all (by view name); None: every one the links reach.
    only: Callable[[str], bool] | None = None
    skip_prefixes: tuple[str, ...] = ("/static/", "/i18n/", "/accounts/logout", "/api/", "/open311/")
    seen: dict[str, int] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)
    pages: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _accept(self, href: str, seed: bool = False) -> str | None:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url in self.visited or parts.path.startswith(self.skip_prefixes):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            self.errors.append(f"link to nowhere: {url}")
            return None
        view = match.view_name
        if view in self.skip_views or (self.only is not None and not self.only(view)):
            return None
        key = f"{view}?{'&'.join(sorted(k.split('=')[0] for k in parts.query.split('&') if k))}"
        if self.seen.get(key, 0) >= self.per_view and not seed:
            return None
        self.seen[key] = self.seen.get(key, 0) + 1
        return url

    def run(self, start: Iterable[str], limit: int = 400) -> list[tuple[str, str]]:
        queue = [u for u in (self._accept(s, seed=True) for s in start) if u]
        while queue and len(self.visited) < limit:
            url = queue.pop(0)
            self.visited.add(url)
            response = self.get(url)
            status = response.status_code
            if status in (301, 302):
                target = self._accept(response["Location"])
                if target:
                    queue.append(target)
                continue
            if status != 200:
                if status >= 500:
                    self.errors.append(f"{url}: {status}")
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode()
            self.pages.append((url, html))
            for href in read(html).links:
                target = self._accept(href)
                if target:
                    queue.append(target)
        return self.pages

"""Every page as people see it: session and CSRF cookie flags, the CSRF token in every POST form and
its refusal without it, a Content-Security-Policy that allows no inline script (and no inline script,
event-handler attribute or javascript: URL in any page), and the security headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import Client

from ecopetition.testing import PASSWORD

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_session_and_csrf_cookies_carry_their_flags(sw):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    csrf = page.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    r = client.post("/accounts/login/", {"username": "amy", "password": PASSWORD,
                                         "csrfmiddlewaretoken": csrf.value})
    assert r.status_code == 302
    session = r.cookies["sessionid"]
    assert session["httponly"] is True and session["samesite"] == "Lax"


def test_a_post_without_the_csrf_token_is_refused(sw):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sw.users["amy"])
    assert client.post("/staff/notifications/read-all/").status_code == 403
    # The API refuses a cookie-authenticated write without the token as well.
    r = client.post("/api/v1/complaints", "{}", content_type="application/json")
    assert r.status_code in (401, 403)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self._script_data = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.javascript_urls.append(f"<{tag} {name}={value}>")
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(), "action": a.get("action"),
                               "token": False})
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1]["token"] = True
        if tag == "script":
            kind = (a.get("type") or "text/javascript").lower()
            executable = kind in ("text/javascript", "module", "application/javascript")
            self._script_data = executable and not a.get("src")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_data = False

    def handle_data(self, data):
        if self._script_data and data.strip():
            self.inline_scripts += 1


def page_urls(w) -> list[str]:
    """Every page the access matrix lists as answering 200 to a GET, with its placeholders filled."""
    from .test_access_matrix import TABLE, values_for

    v = values_for(w, "cara", "A", "own")
    urls = []
    for row in TABLE:
        if row.method == "GET" and not row.json and not row.name.startswith("open311:"):
            path = row.path
            for k, x in v.items():
                path = path.replace("{" + k + "}", x)
            urls.append(path)
    # The case page in every state, where each action shows its own form.
    urls += [f"/staff/cases/{w.case('A', s).number}/" for s in
             ("registered", "accepted", "assigned", "in_progress", "reported", "reviewed", "replied",
              "called_back", "under_review")]
    urls += [f"/staff/fieldwork/{w.case('A', s).number}/" for s in ("assigned", "in_progress", "reported")]
    urls += ["/admin/login/", "/accounts/login/", "/submit/", "/track/", "/disclosure/"]
    return urls


def test_every_page_has_csrf_on_its_post_forms_no_inline_script_and_the_headers(sw):
    w = sw
    problems: list[str] = []
    html_pages = 0
    posts_seen = 0
    # Privileged people of each kind, and the public.
    for who in ("anon", "amy", "oscar", "sue", "lee", "ed"):
        client = Client()
        if who != "anon":
            client.force_login(w.users[who])
        for url in page_urls(w):
            r = client.get(url)
            if r.status_code != 200 or not r.get("Content-Type", "").startswith("text/html"):
                continue
            html_pages += 1
            for name, value in HEADERS.items():
                if r.get(name) != value:
                    problems.append(f"{who} {url}: header {name}={r.get(name)!r}")
            csp = r.get("Content-Security-Policy", "")
            script_src = re.search(r"script-src ([^;]*)", csp)
            default_src = re.search(r"default-src ([^;]*)", csp)
            src = (script_src or default_src).group(1) if (script_src or default_src) else "*"
            if "'unsafe-inline'" in src or "*" in src.split() or not csp:
                problems.append(f"{who} {url}: CSP allows inline or foreign script: {csp!r}")
            parser = PageParser()
            parser.feed(r.content.decode())
            for form in parser.forms:
                if form["method"] == "post":
                    posts_seen += 1
                    if not form["token"]:
                        problems.append(f"{who} {url}: POST form to {form['action']} without a CSRF token")
            if parser.inline_scripts:
                problems.append(f"{who} {url}: {parser.inline_scripts} inline <script>")
            problems += [f"{who} {url}: event handler attribute {h}" for h in parser.handlers]
            problems += [f"{who} {url}: {j}" for j in parser.javascript_urls]
    assert html_pages > 200 and posts_seen > 120, (html_pages, posts_seen)
    assert not problems, "\n".join(sorted(set(problems)))

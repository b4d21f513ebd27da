"""Transport and page security: cookie flags, CSRF on every form, a CSP with no inline script, security
headers, the production password hasher, DEBUG off, `check --deploy`, and no secret in the repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from ecopetition.testing import PASSWORD

from .secworld import build_secworld

ROOT = Path(__file__).resolve().parents[3]


# --- settings as production reads them (a fresh process: no test overrides) -----------------------

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.contrib.auth.hashers import get_hasher
print(json.dumps({
    "debug": s.DEBUG, "hasher": get_hasher().algorithm, "hashers": s.PASSWORD_HASHERS[:1],
    "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "session_httponly": s.SESSION_COOKIE_HTTPONLY, "session_samesite": s.SESSION_COOKIE_SAMESITE,
    "csrf_samesite": s.CSRF_COOKIE_SAMESITE, "hsts": s.SECURE_HSTS_SECONDS, "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "axes": "axes" in s.INSTALLED_APPS and s.AUTHENTICATION_BACKENDS[0].startswith("axes."),
}))
"""


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "HTTPS", "SECURE_COOKIES", "SECRET_KEY", "DJANGO_SETTINGS_MODULE",
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "ecopetition.settings", "ECOPETITION_DATA_DIR": str(tmp_path),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def probe(tmp_path, **extra) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], env=production_env(tmp_path, **extra), cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_defaults(tmp_path):
    plain = probe(tmp_path)
    assert plain["debug"] is False, "DEBUG must be off unless the environment turns it on"
    assert plain["hasher"] == "pbkdf2_sha256" and plain["hashers"] == [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher"], "production hashes passwords with Django's default"
    assert plain["session_httponly"] is True
    assert plain["session_samesite"] == plain["csrf_samesite"] == "Lax"
    assert plain["session_secure"] is False and plain["hsts"] == 0  # plain HTTP (a laptop) still works
    assert plain["axes"], "login throttling must be on"
    https = probe(tmp_path, HTTPS="1")
    assert https["session_secure"] is True and https["csrf_secure"] is True
    assert https["hsts"] >= 31536000 and https["ssl_redirect"] is True
    assert probe(tmp_path, DEBUG="1")["debug"] is True


# Warnings `check --deploy` may still give with production settings, and why (see docs/security.md).
ACCEPTED_DEPLOY_WARNINGS = {
    # Subdomains of a bureau's domain often run other systems we do not control.
    "security.W005",
    # Preloading is a one-way commitment for the whole domain: the operator's decision.
    "security.W021",
}


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    env = production_env(tmp_path, HTTPS="1", SECRET_KEY="k" * 10 + "Zq8#v!x2Lw9@Rt5%Yb3&Nc7*Md1^Pe4+Ga6-Hf0=Js",
                         ALLOWED_HOSTS="xinfang.example.gov.cn")
    out = subprocess.run([sys.executable, "-m", "ecopetition", "check", "--deploy", "--fail-level", "WARNING"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    found = set(re.findall(r"\(([a-z_]+\.[WE]\d+)\)", out.stdout + out.stderr))
    assert found <= ACCEPTED_DEPLOY_WARNINGS, out.stdout + out.stderr
    assert out.returncode == (1 if found else 0), out.stdout + out.stderr


# --- cookies, headers, forms and scripts of every page ---------------------------------------------

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_session_and_csrf_cookies_carry_their_flags(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    csrf = page.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    r = client.post("/accounts/login/", {"username": "amy", "password": PASSWORD,
                                         "csrfmiddlewaretoken": csrf.value})
    assert r.status_code == 302
    session = r.cookies["sessionid"]
    assert session["httponly"] is True and session["samesite"] == "Lax"


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["amy"])
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


@pytest.fixture
def sw(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    return build_secworld()


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


# --- no secret in the repository --------------------------------------------------------------

SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY"),
    "AWS key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "API token of this project": re.compile(r"\bep_[A-Za-z0-9_-]{40,}"),
    "password-like assignment": re.compile(
        r"""(?i)\b\w*(?:password|passwd|secret|secret_key|api_key|token|credential)\w*\b["']?\s*[:=]\s*"""
        r"""[rbuf]?["']([^"'\s{}%<>]{8,})["']"""),
}
# Values that look like secrets and are not: each named with why.
ALLOWED_VALUES = {
    "demo-2026-ecopetition",  # the documented password of the demo logins (README)
    "correct horse battery staple",  # the test world's password (ecopetition/testing.py)
    "same-origin",  # fetch()'s credentials mode, not a credential
}
# Third-party bundles, minified: their words for forms are not our secrets.
VENDORED = ("/vendor/", "/swagger/", ".min.js", ".min.css")


def test_no_secret_is_committed():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    found = []
    for name in files.decode().split("\0"):
        path = ROOT / name
        if not name or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        if any(v in name for v in VENDORED):
            continue
        if name.endswith((".mo", ".png", ".jpg", ".xlsx", ".docx", ".pdf", ".ttf", ".woff2", ".pkl", ".gz")):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for label, pattern in SECRET_PATTERNS.items():
            for m in pattern.finditer(text):
                value = m.group(1) if m.groups() else m.group(0)
                if value in ALLOWED_VALUES or _placeholder(value):
                    continue
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{name}:{line}: {label}: {m.group(0)[:80]}")
    assert not found, "possible secrets in the repository:\n" + "\n".join(found)


def _placeholder(value: str) -> bool:
    """Obvious non-secrets: words in tests and docs that merely name a secret or show its shape."""
    v = value.lower()
    return any(w in v for w in ("example", "changeme", "your-", "xxxx", "wrong", "secret", "password", "test",
                                "dummy", "placeholder", "not-a", "invalid", "demo"))

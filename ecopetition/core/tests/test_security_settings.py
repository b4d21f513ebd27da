"""Settings as production reads them: the password hasher, DEBUG off, cookie flags and HTTPS settings,
`check --deploy`; and no secret in the repository. (Pages, cookies and forms: security/test_pages.py.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


# --- settings as production reads them (a fresh process: no test overrides) -----------------------

PROBE = """
import json, django
django.setup()
from django.apps import apps
from django.conf import settings as s
from django.contrib.auth.hashers import get_hasher
print(json.dumps({
    "debug": s.DEBUG, "hasher": get_hasher().algorithm, "hashers": s.PASSWORD_HASHERS[:1],
    "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "session_httponly": s.SESSION_COOKIE_HTTPONLY, "session_samesite": s.SESSION_COOKIE_SAMESITE,
    "csrf_samesite": s.CSRF_COOKIE_SAMESITE, "hsts": s.SECURE_HSTS_SECONDS, "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "axes": apps.is_installed("axes") and s.AUTHENTICATION_BACKENDS[0].startswith("axes."),
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
    if re.fullmatch(r"[a-z]{3,}(?:_[a-z]{3,})+", value):
        return True  # a snake_case name (a column beside "search_tokens_..."), not a generated secret
    return any(w in v for w in ("example", "changeme", "your-", "xxxx", "wrong", "secret", "password", "test",
                                "dummy", "placeholder", "not-a", "invalid", "demo"))

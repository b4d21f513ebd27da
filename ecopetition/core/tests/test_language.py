"""Every page every role of the demo can reach speaks the reader's language.

In zh-hans: no raw action, state or category code, no ISO timestamp, no English word or sentence in
the visible text (language_walk.ALLOWED_WORDS lists the proper nouns and formats a page may show).
In English: no Chinese in the interface's own words on the main pages (names and texts are data).

The demo is loaded once (a smaller register than `ecopetition demo`, every app's part added), each
role logs in, and the walk follows the links from its landing page and from case pages in several
states, reading each view at most once or twice. The admin is read at its index and changelists.
"""

from __future__ import annotations

import io
import time
from unittest import mock

import pytest
from django.db import transaction

from .language_walk import Walk, check_chinese, check_english, read

DEMO_SIZE = 40
ROLES = ["clerk", "dispatcher", "officer", "supervisor", "leader", "callback", "inspector", "admin",
         "prov_supervisor", "sy_urban_officer"]
# Downloads and machine answers (not pages): never fetched.
NOT_PAGES = {"analytics:report", "documents:download", "intake:export", "intake:hotline_export",
             "oversight:export_json", "oversight:export_pdf", "cases:attachment", "fieldwork:photo"}
CASE_STATES = ["registered", "assigned", "in_progress", "reported", "closed", "not_accepted", "under_review"]


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("language-demo")
    with django_db_blocker.unblock(), override_settings(
        DATA_DIR=folder, ATTACHMENTS_DIR=folder / "attachments", DOCUMENTS_DIR=folder / "documents",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            from ecopetition.cases import demo
            from ecopetition.core.discovery import app_modules

            said = io.StringIO()
            # The documents' words are checked as pictures elsewhere; here their files need not be drawn.
            with mock.patch("ecopetition.documents.render.render_pdf", return_value=b"%PDF-1.4\n"), \
                    mock.patch("ecopetition.documents.render.render_docx", return_value=b"PK"):
                demo.load(said, size=DEMO_SIZE)
                for module in app_modules("demo"):
                    if module.__name__ != "ecopetition.cases.demo" and hasattr(module, "extend"):
                        module.extend(said)
            yield folder
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_world(_demo, db, settings):
    settings.DATA_DIR = _demo
    settings.ATTACHMENTS_DIR = _demo / "attachments"
    settings.DOCUMENTS_DIR = _demo / "documents"
    settings.ALLOWED_HOSTS = ["testserver"]
    return _demo


def _client(client_class, language: str, username: str | None):
    from django.contrib.auth import get_user_model

    client = client_class(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _case_pages(username: str) -> list[str]:
    """One case page per state the user can see (the walk finds the rest through the links)."""
    from django.contrib.auth import get_user_model

    from ecopetition.cases.models import Complaint

    visible = Complaint.objects.visible_to(get_user_model().objects.get(username=username))
    pages = []
    for state in CASE_STATES:
        case = visible.filter(state=state).order_by("-received_at").first()
        if case is not None:
            pages.append(f"/staff/cases/{case.number}/")
    return pages


def _walk(client, start: list[str], *, admin: bool = False, per_view: int = 1) -> Walk:
    walk = Walk(get=client.get, per_view=per_view, skip_views=set(NOT_PAGES),
                only=(lambda v: v in ("admin:index", "admin:app_list") or v.endswith("_changelist")) if admin
                else (lambda v: not v.startswith("admin:")))
    walk.run(start)
    return walk


def test_every_page_of_every_role_is_in_chinese(demo_world, client):
    started = time.monotonic()
    findings, errors, read_pages = [], [], 0
    for username in ROLES:
        client = _client(client.__class__, "zh-hans", username)
        walk = _walk(client, ["/staff/home/", *_case_pages(username)])
        if username == "admin":
            admin_walk = _walk(client, ["/admin/"], admin=True)
            for url, html in admin_walk.pages:  # the admin's own words; its table cells are reference data
                findings += check_chinese(url, read(html).interface)
            read_pages += len(admin_walk.pages)
        for url, html in walk.pages:
            findings += check_chinese(url, read(html).parts)
        errors += [f"{username}: {e}" for e in walk.errors]
        read_pages += len(walk.pages)
    public = _walk(_client(client.__class__, "zh-hans", None), ["/", "/disclosure/", "/accounts/login/"])
    for url, html in public.pages:
        findings += check_chinese(url, read(html).parts)
    read_pages += len(public.pages)
    unique = sorted({str(f) for f in findings})
    assert errors == []
    assert unique == [], f"{len(unique)} findings on {read_pages} pages:\n" + "\n".join(unique[:80])
    assert read_pages >= 120, read_pages  # the walk really went round
    print(f"{read_pages} pages read in {time.monotonic() - started:.1f} s")


def test_english_pages_show_no_chinese_interface(demo_world, client):
    from django.contrib.auth import get_user_model

    from ecopetition.analytics.models import ScoringSheet
    from ecopetition.cases.models import Category, Sector
    from ecopetition.org.models import Unit

    # Data is Chinese whatever the language: unit, category and sector names, scoring sheets (admin-edited),
    # people, places.
    names = sorted({*Unit.objects.values_list("name", flat=True), *Category.objects.values_list("name", flat=True),
                    *Sector.objects.values_list("name", flat=True), *ScoringSheet.objects.values_list("name", flat=True),
                    *get_user_model().objects.exclude(first_name="").values_list("first_name", flat=True)},
                   key=len, reverse=True)
    findings = []
    for username in ("clerk", "officer", "supervisor", "leader", "inspector"):
        walk = _walk(_client(client.__class__, "en", username), ["/staff/home/", *_case_pages(username)[:3]])
        for url, html in walk.pages:
            findings += check_english(url, read(html), allowed=names)
    public = _walk(_client(client.__class__, "en", None), ["/", "/accounts/login/"])
    for url, html in public.pages:
        findings += check_english(url, read(html), allowed=names)
    unique = sorted({str(f) for f in findings})
    assert unique == [], f"{len(unique)} findings:\n" + "\n".join(unique[:80])


@pytest.mark.parametrize("text", [
    "urge", "respond supervision", "已于12月3日止算（assign / sign_for / respond_supervision）",
    "odour, water · industry", "system:portal", "order:DB2026-0011", "registered → accepted", "2026-12-03 15:42",
    "2026-12-03T15:42:00+08:00", "AXES", "Webhook deliverys", "Urgings",
    # Seen in the walk of issue 16: the place's division code, the first event read as a change of state.
    "射阳县海河镇工业集中区纬一路 (320924100)", "智能分流建议：生态环境局（320924）", "已登记 — → 已登记",
    "2026-11-30案件会办 HY2026-0001",
])
def test_the_reader_catches_what_the_issue_found(text):
    assert check_chinese("/", [text])


@pytest.mark.parametrize("text", [
    "2026年12月3日 15:42", "导出 PDF 或 Excel", "YC-20261207-0001 · SY-EB · 督办单 DB2026-0011", "附件 site.png",
    "SHA-256 c23acf60675c", "请设置 EMAIL_URL（smtp:// 或 smtps://）", "English",
    "来电（12369）", "受理 已登记 → 已受理", "地点 射阳县海河镇 · 射阳县", "登记员已纠正: 污染类别 (— → 其他)",
])
def test_the_reader_lets_names_numbers_and_formats_be(text):
    assert check_chinese("/", [text]) == []

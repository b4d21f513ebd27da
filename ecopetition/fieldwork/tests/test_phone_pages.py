"""The pages used in the field and by the public, on a 390 px phone: nothing wider than the screen, every
input named by a label (a <label>, aria-label or title; a placeholder is not a label)."""

import datetime as dt
import os

import pytest

from ecopetition.cases import actions as A
from ecopetition.core import clock
from ecopetition.testing import log_in

from .helpers import new_case

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

PHONE = 390
# What a page shows past the screen's right edge, and every input without a name a screen reader can say.
MEASURE = """() => {
  const unlabelled = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type) || el.closest('[hidden]')) continue;
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title')
      || el.closest('label') || (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'));
    if (!named) unlabelled.push(el.outerHTML.slice(0, 100));
  }
  return {width: document.documentElement.scrollWidth, unlabelled};
}"""


@pytest.fixture(autouse=True)
def _document_templates(transactional_db):
    # A live-server test flushes the tables after it, seeded rows included: put the templates back.
    from ecopetition.documents.defaults import DEFAULT_TEMPLATES
    from ecopetition.documents.models import DocumentTemplate

    for kind, (title, body) in DEFAULT_TEMPLATES.items():
        DocumentTemplate.objects.get_or_create(kind=kind, active=True, defaults={"title": title, "body": body})


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": PHONE, "height": 844}, "is_mobile": True,
            "has_touch": True, "locale": "zh-CN"}


def _reported_with_rectification(world):
    from ecopetition.fieldwork import actions as F

    case = new_case(world)
    A.do_accept(case, actor=world.users["cara"])
    A.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a"])
    A.do_sign_for(case, actor=world.users["otto"])
    F.do_site_visit(case, actor=world.users["otto"], lat=33.38, lon=120.16)
    return F.do_report_findings(case, actor=world.users["otto"], finding="partly", result="部分属实，已责令整改。", measures=[
        F.MeasureInput("rectify", items=[
            F.RectifyItem("清运河道边露天堆放的危险废物并建立台账，委托有资质单位处置", clock.localdate() + dt.timedelta(days=7)),
            F.RectifyItem("安装活性炭吸附装置", clock.localdate() + dt.timedelta(days=15))])])


def _check(page, url: str, shots, name: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    got = page.evaluate(MEASURE)
    problems = [f"{name}: {got['width']} px wide"] if got["width"] > PHONE else []
    return problems + [f"{name}: unlabelled {html}" for html in got["unlabelled"]]


def test_field_and_public_pages_fit_a_phone_and_label_every_input(world, live_server, page, tmp_path):
    reported = _reported_with_rectification(world)
    open_case = new_case(world, title="河道边有人倾倒建筑垃圾")
    A.do_accept(open_case, actor=world.users["cara"])
    A.do_assign(open_case, actor=world.users["dan"], lead_unit=world.units["county_a"])
    base = live_server.url
    problems: list[str] = []

    log_in(page, base, "otto")  # the officer, on site
    for name, path in (("queue", "/staff/"), ("field-list", "/staff/fieldwork/"),
                       ("field-open", f"/staff/fieldwork/{open_case.number}/"),
                       ("field-reported", f"/staff/fieldwork/{reported.number}/"),
                       ("case-officer", f"/staff/cases/{open_case.number}/"),
                       ("case-officer-reported", f"/staff/cases/{reported.number}/")):
        problems += _check(page, base + path, tmp_path, name)

    log_in(page, base, "sue")  # the supervisor checks the rectification on site: the table with its form
    problems += _check(page, f"{base}/staff/cases/{reported.number}/", tmp_path, "rectifications")
    assert page.locator("table.rects form.verify").count() == 2
    assert page.locator("table.rects form.verify label").first.inner_text().strip()

    page.context.clear_cookies()  # the public
    for name, path in (("portal", "/"), ("submit", "/submit/"), ("track", "/track/")):
        problems += _check(page, base + path, tmp_path, name)

    assert problems == []

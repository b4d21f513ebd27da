"""In a real browser (Debian's Chromium, headless): the clerk writes, checks, previews and sends the reply letter;
then the officer and the callback officer see what comes next."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from ecopetition.cases.models import Complaint, Event, State
from ecopetition.testing import log_in

from .test_reply import reviewed_case

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI: .ci/run should have installed Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


def test_clerk_drafts_checks_previews_and_sends_the_reply(world, live_server, page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    case = reviewed_case(world)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "cara")
    page.goto(f"{base}/staff/cases/{case.number}/")
    page.click("[data-action=reply] a")  # the one way to reply: the action opens the draft
    page.wait_for_url(re.compile(r".*/reply/$"))
    letter = page.input_value("textarea[name=text]")
    assert letter.startswith("张三：") and "盐城某化工有限公司" in letter and "复查" in letter
    assert "执法笔录" not in letter  # the officer's report is beside the letter, not in it
    assert "【" in page.inner_text("#reply-gaps")
    page.screenshot(path=str(shots / "reply-draft.png"), full_page=True)
    # Edit: explain the facts, but drop the review's time limit; save; the check names what is missing.
    edited = (letter.replace("【请用信访人能读懂的话写明查明的事实，不照抄内部调查报告】", "检查时该企业废气处理设施未正常运行。")
              .replace("30日内，", ""))
    page.fill("textarea[name=text]", edited)
    page.click("#save-draft")
    page.wait_for_load_state()
    gaps = page.inner_text("#reply-gaps")
    assert "30" in gaps and "【" not in gaps
    # The preview is the letter as printed, marked as a draft.
    pdf = page.request.get(base + page.get_attribute("#preview-pdf", "href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (shots / "reply-preview.pdf").write_bytes(pdf.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(shots / "reply-preview.pdf"), str(shots / "reply-preview")],
                   check=True)
    # Send anyway: the reason is asked for, the confirmation accepted.
    page.select_option("select[name=method]", "letter")
    page.fill("textarea[name=reason]", "复查期限已在电话中告知信访人")
    page.once("dialog", lambda d: d.accept())
    page.click("#send-reply")
    page.wait_for_url(re.compile(rf".*/staff/cases/{case.number}/$"))
    assert page.inner_text("#case-state") == "已答复"
    assert "答复检查未通过仍发送答复" in page.inner_text("#timeline")
    page.screenshot(path=str(shots / "reply-sent.png"), full_page=True)
    event = Event.objects.get(complaint=case, action="reply_check_overridden")
    assert event.note == "复查期限已在电话中告知信访人" and event.data["gaps"] == ["review_days"]
    assert Complaint.objects.get(pk=case.pk).state == State.REPLIED
    # Next: the callback officer finds it in their queue; the officer sees it replied, with nothing to do.
    log_in(page, base, "cole")
    assert case.number in page.locator("section[data-queue=callback]").inner_text()
    page.goto(f"{base}/staff/cases/{case.number}/")
    assert page.locator("[data-action=callback]").count() == 1
    page.screenshot(path=str(shots / "callback-next.png"), full_page=True)
    log_in(page, base, "otto")
    page.goto(f"{base}/staff/cases/{case.number}/")
    assert page.inner_text("#case-state") == "已答复" and page.locator("[data-action=reply]").count() == 0
    assert "张三" not in page.content()  # the letter's salutation is masked for the officer

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecopetition.cases.models import Event, State
from ecopetition.core import clock
from ecopetition.fieldwork.models import Measure, Rectification, SiteVisit

from .helpers import in_progress

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def otto(client, world):
    client.force_login(world.users["otto"])
    return client


@pytest.mark.django_db
def test_field_flow_over_http(otto, world):
    case = in_progress(world)
    page = otto.get(reverse("fieldwork:case", args=[case.number]))
    assert page.status_code == 200
    assert b'capture="environment"' in page.content and b'id="arrived"' in page.content
    otto.post(reverse("fieldwork:arrive", args=[case.number]), {"lat": "33.39", "lon": "120.15", "accuracy": "9"})
    assert SiteVisit.objects.get(complaint=case).lat == 33.39
    otto.post(reverse("fieldwork:photo", args=[case.number]),
              {"photo": SimpleUploadedFile("site.png", PNG, "image/png")})
    assert case.attachments.count() == 1
    deadline = (clock.localdate() + dt.timedelta(days=15)).isoformat()
    r = otto.post(reverse("fieldwork:report", args=[case.number]), {
        "finding": "partly", "result": "部分属实", "measure": ["rectify", "fine"],
        "rectify_items": "安装废气收集装置\n清理厂区积水", "rectify_deadline": deadline, "fine_amount": "20000",
    })
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REPORTED and case.finding == "partly"
    assert Rectification.objects.filter(complaint=case).count() == 2
    assert Measure.objects.get(complaint=case, kind="fine").fine_amount == 20000


@pytest.mark.django_db
def test_fine_without_amount_shows_message_and_keeps_input(otto, world):
    case = in_progress(world)
    r = otto.post(reverse("fieldwork:report", args=[case.number]),
                  {"finding": "founded", "result": "属实，罚款", "measure": ["fine"]})
    assert r.status_code == 400
    text = r.content.decode()
    assert "属实，罚款" in text  # the officer's text is kept
    assert "fine amount" in text or "罚款金额" in text
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and not Measure.objects.exists()


@pytest.mark.django_db
def test_other_county_cannot_open_field_page(client, world):
    case = in_progress(world)
    client.force_login(world.users["bob"])
    assert client.get(reverse("fieldwork:case", args=[case.number])).status_code == 404
    assert client.post(reverse("fieldwork:arrive", args=[case.number])).status_code == 404
    assert not Event.objects.filter(complaint=case, action="site_visit").exists()


@pytest.mark.django_db
def test_my_list_and_case_page_panel(otto, world):
    case = in_progress(world)
    assert case.number in otto.get(reverse("fieldwork:mine")).content.decode()
    detail = otto.get(reverse("cases:detail", args=[case.number]))
    assert detail.status_code == 200
    assert 'id="panel-fieldwork"' in detail.content.decode()


@pytest.mark.django_db
def test_case_page_offers_the_field_page_among_the_officers_next_steps(otto, world, client):
    # On a phone the field panel sits far below; the lead officer's next step (site visit, report) is offered
    # in "what you can do", and only to the lead unit's officer while the case is in the field.
    case = in_progress(world)
    url = reverse("fieldwork:case", args=[case.number])
    html = otto.get(reverse("cases:detail", args=[case.number])).content.decode()
    actions_card = html[html.index('id="actions"'):]
    assert f'data-action="fieldwork"><a class="button primary" href="{url}"' in actions_card
    client.force_login(world.users["cara"])  # the clerk sees the panel's link, not a next step of theirs
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-action="fieldwork"' not in html
    # once reported with a rectification, the supervisor is offered the check; the lead officer no longer
    from ecopetition.fieldwork import actions as F

    F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="属实", measures=[
        F.MeasureInput("rectify", items=[F.RectifyItem("封堵暗管", clock.localdate() + dt.timedelta(days=3))])])
    client.force_login(world.users["otto"])
    assert 'data-action="fieldwork"' not in client.get(reverse("cases:detail", args=[case.number])).content.decode()
    client.force_login(world.users["sue"])
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-action="fieldwork"><a class="button primary" href="#panel-fieldwork">整改核查</a>' in html


@pytest.mark.django_db
def test_open_rectifications_listed_for_the_officer(otto, world, client):
    from ecopetition.fieldwork import actions as F

    case = in_progress(world)
    F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="属实", measures=[
        F.MeasureInput("rectify", items=[F.RectifyItem("封堵暗管", clock.localdate() + dt.timedelta(days=3))])])
    page = otto.get(reverse("fieldwork:mine")).content.decode()
    assert "封堵暗管" in page
    client.force_login(world.users["bob"])
    assert "封堵暗管" not in client.get(reverse("fieldwork:mine")).content.decode()


@pytest.mark.django_db
def test_site_visit_named_in_the_timeline(otto, world):
    case = in_progress(world)
    otto.post(reverse("fieldwork:arrive", args=[case.number]), {"lat": "33.39", "lon": "120.15"})
    page = otto.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-event="site_visit"' in page and "已到达现场" in page


@pytest.mark.django_db
def test_after_the_arrival_the_field_page_leads_on_to_the_report(otto, world):
    """Once the arrival is recorded the page says what comes next; a second visit stays possible but is
    folded away and no longer the page's main button."""
    case = in_progress(world)
    url = reverse("fieldwork:case", args=[case.number])
    before = otto.get(url).content.decode()
    assert 'class="big primary" type="submit" id="arrived"' in before and 'id="another-visit"' not in before
    otto.post(reverse("fieldwork:arrive", args=[case.number]), {"lat": "33.39", "lon": "120.15"})
    after = otto.get(url).content.decode()
    assert 'id="arrival-next"' in after and "下一步" in after
    assert '<details id="another-visit">' in after and "再次到达现场" in after
    assert 'class="big primary" type="submit" id="arrived"' not in after


@pytest.mark.django_db
def test_contact_card_from_the_field_page(otto, world):
    case = in_progress(world)
    page = reverse("fieldwork:case", args=[case.number])
    r = otto.post(reverse("documents:generate", args=[case.number]),
                  {"kind": "contact_card", "handler_phone": "13912345678", "next": page})
    assert r.status_code == 302 and r["Location"] == page
    doc = case.documents.get(kind="contact_card")
    assert "13912345678" in doc.text and doc.unit == world.units["county_a"]
    assert doc.number in otto.get(page).content.decode()

"""The fuzzers as CI runs them: a fixed seed, over 2,000 generated API and Open311 requests, no 5xx."""

import pytest
from django.test import Client

from ecopetition.cases.models import Complaint
from ecopetition.core import fuzz
from ecopetition.core.fuzz import open311, portal

SEED = 20261124


@pytest.mark.django_db
def test_api_open311_and_portal_never_answer_5xx():
    report = fuzz.run(seed=SEED)
    print(report.table())
    targets = {t.name: t for t in report.targets}
    assert set(targets) == {"api", "open311", "portal"}
    assert targets["api"].sent + targets["open311"].sent >= 2000
    assert report.server_errors == 0, "\n".join(str(f) for f in report.findings)
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
    # The generators reach the code behind the validation, not only its refusals.
    assert targets["api"].statuses[200] and targets["api"].statuses[201]
    assert targets["open311"].statuses[200] and targets["open311"].statuses[400]
    assert targets["portal"].statuses[200]
    # Filed through the portal, each with a unit that has an intake clerk (never the clerk-less top unit).
    portal = Complaint.objects.filter(events__action="register", events__actor_label="system:portal")
    assert portal.exists() and not portal.filter(unit__parent__isnull=True).exists()


class FakeErrors:
    def take(self):
        return "Traceback: boom"


def _answer(status, body=b"", content_type="text/html"):
    from django.http import HttpResponse

    return HttpResponse(body, status=status, content_type=content_type)


def test_the_open311_check_catches_5xx_and_errors_out_of_format():
    target = fuzz.Target("open311")
    req = open311.Req("GET", "/open311/v2/requests.json", b"", None, "json")
    open311.check(target, req, _answer(500), FakeErrors())
    open311.check(target, req, _answer(400, b"<h1>Bad Request</h1>"), FakeErrors())
    open311.check(target, req, _answer(400, b'[{"code": 400, "description": "bad"}]', "application/json"),
                  FakeErrors())
    xml_req = open311.Req("GET", "/open311/v2/requests.xml", b"", None, "xml")
    open311.check(target, xml_req, _answer(404, b"<errors><error><code>404</code></error></errors>", "text/xml"),
                  FakeErrors())
    assert [f.kind for f in target.findings] == ["5xx", "format", "format"]
    assert target.server_errors == 1 and target.sent == 4


def test_the_portal_check_catches_5xx_and_unescaped_markup():
    target = fuzz.Target("portal")
    req = portal.PortalReq("POST", "/submit/")
    portal.check(target, req, _answer(500), FakeErrors())
    portal.check(target, req, _answer(200, b"<p><script>fz()</script></p>"), FakeErrors())
    portal.check(target, req, _answer(200, b"<p>&lt;script&gt;fz()&lt;/script&gt;</p>"), FakeErrors())
    assert [f.kind for f in target.findings] == ["5xx", "xss"]


def test_expected_error_format_follows_the_last_suffix():
    assert open311.expected_format("/open311/v2/discovery.xml.json?x=1") == "json"
    assert open311.expected_format("/open311/v2/services.yaml") == "xml"
    assert open311.expected_format("/open311/v2/requests/a.b/c") == "xml"


@pytest.mark.django_db
def test_the_in_process_wsgi_app_keeps_the_test_transaction(world):
    """A real request cycle closes old connections; in a test transaction that would lose the test's data."""
    from werkzeug.test import Client as WerkzeugClient

    app = WerkzeugClient(fuzz.wsgi_app())
    assert app.get("/open311/v2/services.json").status_code == 200
    assert Client().get("/open311/v2/services.json").status_code == 200
    assert world.users["cara"].__class__.objects.filter(username="cara").exists()

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecopetition.cases import actions as ca
from ecopetition.cases.models import Callback, Complaint
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed
from ecopetition.intake import actions
from ecopetition.intake.models import PortalTicket

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def submit(client, meta=None, **extra):
    data = {"content": "河边小厂晚上偷排污水，河水发黑发臭", "address": "亭湖区某河边", "category": "water",
            "name": "李四", "phone": "13912345678", **extra}
    return client.post(reverse("portal:submit"), data, **(meta or {}))


def _done(r):
    html = r.content.decode()
    number = html.split('id="tracking-number">')[1].split("<")[0]
    code = html.split('id="query-code">')[1].split("<")[0]
    return number, code


@pytest.mark.django_db
def test_submit_gives_number_and_code_and_stores_only_a_hash(client, world):
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("portal:submit")).status_code == 200
    r = submit(client, photos=[SimpleUploadedFile("p.png", PNG, content_type="image/png")])
    assert r.status_code == 200, r.content.decode()[:2000]
    number, code = _done(r)
    case = Complaint.objects.get(number=number)
    # Filed by the clerk responsible for the place written (亭湖区 is county A), not the portal's top unit.
    assert case.channel == "web" and case.unit == world.units["county_a"]
    assert case.attachments.count() == 1
    assert case.events.filter(action="register", actor_label="system:portal").exists()
    ticket = PortalTicket.objects.get(complaint=case)
    assert code not in ticket.code_hash and ticket.check_code(code) and len(code) == 8


@pytest.mark.django_db
def test_track_shows_state_never_the_complainant(client, world):
    number, code = _done(submit(client))
    r = client.post(reverse("portal:track"), {"number": number, "code": code})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="case-status"' in html
    assert "李四" not in html and "13912345678" not in html and "偷排污水" not in html
    r = client.post(reverse("portal:track"), {"number": number, "code": "WRONGCODE"})
    assert r.status_code == 404 and 'id="case-status"' not in r.content.decode()


def _to_replied(case, world):
    # The portal filed it with county A's clerk (the address names 亭湖区): county A handles it.
    assert case.unit == world.units["county_a"]
    ca.do_accept(case, actor=world.users["amy"])
    _to_replied_from_accepted(case, world)


@pytest.mark.django_db
def test_rating_is_a_callback_recorded_once(client, world, settings):
    settings.INTAKE_PORTAL_UNIT = "C3209"
    number, code = _done(submit(client))
    case = Complaint.objects.get(number=number)
    with pytest.raises(TransitionNotAllowed):
        actions.do_portal_rate(case, code=code, result="satisfied")
    _to_replied(case, world)
    r = client.post(reverse("portal:track"), {"number": number, "code": code})
    assert "经查属实" in r.content.decode() and 'name="result"' in r.content.decode()
    with pytest.raises(PermissionDenied):
        actions.do_portal_rate(case, code="BADCODE1", result="satisfied")
    r = client.post(reverse("portal:rate"), {"number": number, "code": code, "result": "basic", "note": "还行"})
    assert r.status_code == 200
    case.refresh_from_db()
    assert case.state == "called_back" and case.satisfaction == "basic"
    cb = Callback.objects.get(complaint=case)
    assert cb.by is None and cb.respondent == "complainant"
    assert case.events.filter(action="callback", actor_label="system:portal").count() == 1
    r = client.post(reverse("portal:rate"), {"number": number, "code": code, "result": "satisfied"})
    assert r.status_code == 409 and Callback.objects.filter(complaint=case).count() == 1
    ca.do_close(case, actor=world.users["cara"])  # the rating counts as the callback a close needs


@pytest.mark.django_db
def test_honeypot_rate_limit_and_bad_uploads(client, world, settings):
    r = submit(client, website="http://spam.example")
    assert r.status_code == 200 and Complaint.objects.count() == 0
    r = submit(client, photos=[SimpleUploadedFile("evil.jpg", b"MZ\x90\x00binary", content_type="image/jpeg")])
    assert r.status_code == 200 and Complaint.objects.count() == 0 and "tracking-number" not in r.content.decode()
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 not a picture", content_type="application/pdf")
    r = submit(client, photos=[pdf])
    assert Complaint.objects.count() == 0 and "tracking-number" not in r.content.decode()
    r = submit(client, anonymous="", name="", phone="")
    assert "tracking-number" not in r.content.decode()
    settings.ATTACHMENT_MAX_BYTES = 100
    r = submit(client, photos=[SimpleUploadedFile("big.png", PNG * 10, content_type="image/png")])
    assert Complaint.objects.count() == 0
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    from ecopetition.intake import views

    monkey = {"REMOTE_ADDR": "10.1.1.1"}
    saved = views.SUBMIT_LIMIT
    try:
        views.SUBMIT_LIMIT = 2
        statuses = [submit(client, monkey, anonymous="on").status_code for _ in range(3)]
        # a different address is not limited
        other = submit(client, {"REMOTE_ADDR": "10.9.9.9"}, anonymous="on")
    finally:
        views.SUBMIT_LIMIT = saved
    assert statuses == [200, 200, 429]
    assert other.status_code == 200 and "tracking-number" in other.content.decode()


@pytest.mark.django_db
def test_portal_speaks_chinese_first_and_english_on_request(client, world):
    html = client.get(reverse("portal:home")).content.decode()
    assert "我要举报" in html and "查询办理进度" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # the switch in the top bar
    html = client.get(reverse("portal:home")).content.decode()
    assert "Submit a complaint" in html


# --- wrong query codes: throttled per address and per number, never locked for good ----------------------

TOO_MANY_ZH = "查询码错误次数过多"


def track(client, number, code, address):
    return client.post(reverse("portal:track"), {"number": number, "code": code}, REMOTE_ADDR=address)


def found(r) -> bool:
    return r.status_code == 200 and 'id="case-status"' in r.content.decode()


def page_text(r) -> str:
    """The page without what differs between two renders (the CSRF token)."""
    import re

    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", r.content.decode())


@pytest.fixture
def at():
    """Run the block with the clock at `start + minutes`."""
    import datetime as dt

    from django.utils import timezone

    from ecopetition.core import clock

    start = timezone.localtime(clock.now()).replace(hour=2, minute=0, second=0, microsecond=0)  # China time

    def frozen(minutes: float):
        return clock.frozen(start + dt.timedelta(minutes=minutes))

    return frozen


@pytest.mark.django_db
def test_wrong_codes_close_a_number_for_the_hour_then_the_right_code_works(client, world, at):
    number, code = _done(submit(client))
    with at(0):
        # 20 wrong codes for the number, from 20 addresses (each under its own limit)
        for i in range(20):
            assert track(client, number, f"WRONG{i:03d}", f"203.0.113.{i + 1}").status_code == 404
    with at(5):
        # now the number answers "too many", even to the complainant with the right code at a fresh address
        r = track(client, number, code, "198.51.100.7")
        body = r.content.decode()
        assert r.status_code == 429 and TOO_MANY_ZH in body and "03:00" in body
        assert int(r["Retry-After"]) == 55 * 60
        assert 'id="case-status"' not in body
        # rating is refused the same way
        r = client.post(reverse("portal:rate"), {"number": number, "code": code, "result": "satisfied"},
                        REMOTE_ADDR="198.51.100.7")
        assert r.status_code == 429 and TOO_MANY_ZH in r.content.decode()
    with at(59.9):
        assert track(client, number, code, "198.51.100.7").status_code == 429
    with at(60):  # the hour is over: no lasting lock
        assert found(track(client, number, code, "198.51.100.7"))
    assert "failed_attempts" not in {f.name for f in PortalTicket._meta.get_fields()}


@pytest.mark.django_db
def test_an_address_over_its_limit_is_refused_for_every_number(client, world, at):
    mine, my_code = _done(submit(client))
    other, other_code = _done(submit(client, {"REMOTE_ADDR": "10.8.8.8"}))
    attacker = "192.0.2.66"
    with at(0):
        for i in range(10):  # ten wrong codes, each for another (made-up or real) number
            assert track(client, f"C3209-2026-{i:06d}", "ABCDEFGH", attacker).status_code == 404
        # the eleventh try from that address is refused whatever it asks, the right code included
        assert track(client, other, other_code, attacker).status_code == 429
        assert track(client, mine, my_code, attacker).status_code == 429
        # others are not held back by the attacker's count
        assert found(track(client, mine, my_code, "192.0.2.67"))
        assert found(track(client, other, other_code, "198.51.100.1"))
    with at(61):
        assert found(track(client, other, other_code, attacker))


@pytest.mark.django_db
def test_one_address_alone_cannot_shut_the_complainant_out(client, world, at):
    number, code = _done(submit(client))
    attacker = "192.0.2.99"
    with at(0):
        statuses = [track(client, number, f"BAD{i:05d}", attacker).status_code for i in range(30)]
        assert statuses == [404] * 10 + [429] * 20  # the address stops; refused tries are not counted
        assert found(track(client, number, code, "198.51.100.2"))


@pytest.mark.django_db
def test_ipv6_clients_are_counted_by_their_64_network(client, world, at):
    number, code = _done(submit(client))
    with at(0):
        for i in range(10):
            assert track(client, "C3209-2026-999999", "ABCDEFGH", f"2001:db8:1:2::{i + 1:x}").status_code == 404
        assert track(client, number, code, "2001:db8:1:2:ffff::1").status_code == 429
        assert found(track(client, number, code, "2001:db8:1:3::1"))


@pytest.mark.django_db
def test_throttling_does_not_tell_whether_a_number_exists(client, world, at):
    number, _code = _done(submit(client))
    unknown = number[:-1] + ("1" if number[-1] != "1" else "2")
    assert not Complaint.objects.filter(number=unknown).exists()
    with at(0):
        for i in range(20):
            a = track(client, number, f"WRONG{i:03d}", f"203.0.113.{i + 1}")
            b = track(client, unknown, f"WRONG{i:03d}", f"203.0.114.{i + 1}")
            assert a.status_code == b.status_code == 404
            assert page_text(a).replace(number, "N") == page_text(b).replace(unknown, "N")
        a = track(client, number, "WRONG999", "198.51.100.9")
        b = track(client, unknown, "WRONG999", "198.51.100.10")
        assert a.status_code == b.status_code == 429
        assert page_text(a).replace(number, "N") == page_text(b).replace(unknown, "N")
        assert a["Retry-After"] == b["Retry-After"]


@pytest.mark.django_db
def test_the_refusal_speaks_english_on_request(client, world, at):
    from ecopetition.intake import actions as ia

    with at(0):
        for i in range(10):
            ia.find_ticket("C3209-2026-000001", f"WRONG{i:03d}", address="192.0.2.1")
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        r = track(client, "C3209-2026-000001", "WRONG", "192.0.2.1")
    assert r.status_code == 429 and "Too many wrong query codes. Please try again after 03:00." in r.content.decode()


@pytest.mark.django_db
def test_photo_limits_are_shown_checked_in_the_browser_and_on_the_server(client, world, settings):
    html = client.get(reverse("portal:submit")).content.decode()
    assert "最多 5 张，每张不超过 5 MB" in html
    assert f'data-max-files="5" data-max-bytes="{5 * 2**20}"' in html and 'id="photos-problem"' in html
    settings.INTAKE_PORTAL_PHOTO_MAX_BYTES = 100
    r = submit(client, photos=[SimpleUploadedFile("big.png", PNG * 10, content_type="image/png")])
    assert "“big.png”超过 0.0 MB" in r.content.decode() and Complaint.objects.count() == 0
    settings.INTAKE_PORTAL_PHOTO_MAX_BYTES = 5 * 2**20
    settings.INTAKE_PORTAL_MAX_PHOTOS = 1
    r = submit(client, photos=[SimpleUploadedFile(f"p{i}.png", PNG, content_type="image/png") for i in range(2)])
    assert "最多 1 个文件" in r.content.decode() and Complaint.objects.count() == 0


@pytest.mark.django_db
def test_track_says_what_happens_next(client, world, settings):
    """The tracking page is no dead end: it tells the complainant what comes next, up to the rating."""
    settings.INTAKE_PORTAL_UNIT = "C3209"
    number, code = _done(submit(client))

    def next_line():
        html = client.post(reverse("portal:track"), {"number": number, "code": code}).content.decode()
        return html.split('id="what-next">')[1].split("<")[0]

    assert "15日内" in next_line() and "是否受理" in next_line()
    case = Complaint.objects.get(number=number)
    ca.do_accept(case, actor=world.users["amy"])
    assert "60日内" in next_line()
    _to_replied_from_accepted(case, world)
    assert "请对办理情况作出评价" in next_line()
    client.post(reverse("portal:rate"), {"number": number, "code": code, "result": "satisfied"})
    assert next_line() == "答复意见见下方。"


def _to_replied_from_accepted(case, world):
    ca.do_assign(case, actor=world.users["adam"], lead_unit=world.units["county_a_eco"])
    ca.do_sign_for(case, actor=world.users["oscar"])
    ca.do_report(case, actor=world.users["oscar"], finding="founded", result="已责令整改")
    ca.do_review(case, actor=world.users["ada"], passed=True)
    ca.do_reply(case, actor=world.users["amy"], text="经查属实，已责令停产整改。", method="portal")

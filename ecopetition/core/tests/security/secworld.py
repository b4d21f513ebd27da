"""The security tests' world: the named test world (ecopetition/testing.py) plus what an attacker probes.

On top of the named world it adds a second city ("city2", the city users' sibling), an administrator
("ed", role admin at the city), a superuser ("root"), helpers that walk cases forward ("pat" holds the
intake, dispatch, supervision, callback and leader roles at the province; "xo" is the officer of
city2), and four families of cases, one case per lifecycle state in each:

    family  registered by  lead unit     whose "own" tree it is
    A       county_a       county_a_eco  county A's people and the city's
    B       county_b       county_b      county B's people
    C       city           city_eco      olga (city eco bureau)
    X       city2          city2         nobody in the named world: the city's sibling

Each family also has one of every object that has its own URL (attachment, documents, supervision
order, rectification, re-check, emergency alert, reception day, campaign, import upload).
Every complainant carries identity strings unique to its case, so a leak is found by a byte search.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from ecopetition.cases import actions as ca
from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.org.models import ApiToken, Membership, TokenScope, Unit
from ecopetition.testing import PASSWORD, build_world

# A 1x1 PNG: a picture the attachment store accepts.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

STATES = ("registered", "accepted", "assigned", "in_progress", "reported", "reviewed", "replied",
          "called_back", "under_review")
FAMILIES = ("A", "B", "C", "X")
REGISTERING = {"A": "county_a", "B": "county_b", "C": "city", "X": "city2"}
LEAD = {"A": "county_a_eco", "B": "county_b", "C": "city_eco", "X": "city2"}
OFFICER = {"A": "oscar", "B": "bob", "C": "olga", "X": "xo"}

# Who looks from where: the family of a user's own tree and the family of a sibling tree.
OWN = {
    "amy": "A", "adam": "A", "ada": "A", "otto": "A", "oscar": "A",
    "bea": "B", "bob": "B",
    "olga": "C",
    "cara": "A", "dan": "A", "sue": "A", "cole": "A", "lee": "A", "ian": "A", "ed": "A",
    "root": "A", "anon": "A",
}
SIBLING = {
    "amy": "B", "adam": "B", "ada": "B", "otto": "B", "oscar": "B",
    "bea": "A", "bob": "A",
    "olga": "A",
    "cara": "X", "dan": "X", "sue": "X", "cole": "X", "lee": "X", "ian": "X", "ed": "X",
    "root": "X", "anon": "X",
}
USERS = tuple(OWN)  # every identity the matrix tries, "anon" being no login at all


def identity_of(family: str, state: str) -> dict[str, str]:
    """Identity strings unique to one case: a name, a mobile number, an ID number, a home address."""
    i = FAMILIES.index(family) * 20 + STATES.index(state)
    return {
        "name": f"欧阳{'甲乙丙丁'[FAMILIES.index(family)]}{'子丑寅卯辰巳午未申酉'[STATES.index(state)]}",
        "phone": f"1390000{i:04d}",
        "id_number": _id_number(f"32090219850101{i:03d}"),
        "address": f"盐城市秘密小区{i}幢{i}室",
    }


_PINYIN = dict(zip("甲乙丙丁子丑寅卯辰巳午未申酉", "jia yi bing ding zi chou yin mao chen si wu wei shen you".split(), strict=True))


def name_forms(name: str) -> list[str]:
    """The name of `identity_of` as it is also written (R6-2): in traditional characters, split by a separator,
    in pinyin (Ouyang Jiazi), and with tone marks (Ōuyáng Jiazi, R8-4)."""
    given = name[2:]
    spelt = "".join(_PINYIN[c] for c in given).capitalize()
    return ["歐陽" + given, "、".join(name), "Ouyang " + spelt, "Ōuyáng " + spelt]


def _id_number(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]
    return first17 + check


@dataclass
class SecWorld:
    units: dict
    users: dict
    tokens: dict = field(default_factory=dict)  # user name -> JSON API token (scope api)
    open311_keys: dict = field(default_factory=dict)  # user name -> Open311 key (scope open311)
    cases: dict = field(default_factory=dict)  # (family, state) -> Complaint
    objects: dict = field(default_factory=dict)  # (kind, family) -> object
    notes: dict = field(default_factory=dict)  # user name -> an unread notification of theirs
    unfounded: dict = field(default_factory=dict)  # family -> a case closed as unfounded

    def case(self, family: str, state: str) -> Complaint:
        return self.cases[(family, state)]

    def identities(self) -> list[str]:
        return [v for (fam, st) in self.cases for v in identity_of(fam, st).values()]


def _walk(w: SecWorld, family: str, target: str) -> Complaint:
    """Register a case in the family's unit and take it through the real actions up to `target`."""
    pat, officer = w.users["pat"], w.users[OFFICER[family]]
    who = identity_of(family, target)
    case = ca.do_register(ca.NewComplaint(
        channel="phone", title=f"{family}-{target} {who['name']}反映夜间噪声扰民",  # titles carry names too
        # Complainants write their own identity into the text: the name, the given name alone, the
        # phone inside a longer run of digits, the ID number's last six (the leak test looks for each).
        content=(f"某工地夜间施工噪声扰民，影响休息。我叫{who['name']}，大家叫我{who['name'][2:]}，"
                 f"电话0{who['phone']}，身份证尾号{who['id_number'][-6:]}，家住{who['address']}。"
                 f"也写作{'，'.join(name_forms(who['name']))}。"),
        address=f"盐城市亭湖区五星街道建设路{who['name']}家门前",
        reported_party_name="盐城某建设工程有限公司", categories=["noise"],
        complainants=[ca.ComplainantInput(**who)],
    ), unit=w.units[REGISTERING[family]], actor=pat)
    steps = [
        lambda c: ca.do_accept(c, actor=pat),
        lambda c: ca.do_assign(c, actor=pat, lead_unit=w.units[LEAD[family]]),
        lambda c: ca.do_sign_for(c, actor=officer),
        lambda c: _report(c, officer, rectify=target == "reported"),
        lambda c: ca.do_review(c, actor=pat, passed=True),
        lambda c: ca.do_reply(c, actor=pat, text=f"{who['name']}：\n您反映的问题经查属实，已责令整改。", method="sms"),
        lambda c: ca.do_callback(c, actor=pat, result="satisfied"),
        lambda c: ca.do_request_review(c, actor=pat, reason="信访人不服，申请复查。"),
    ]
    for step in steps[:STATES.index(target)]:
        step(case)
        case.refresh_from_db()
    return case


def _report(case, officer, *, rectify: bool):
    """Report the findings; the "reported" case carries a rectification to verify (a case with an
    unverified one cannot close, so the later states have none)."""
    from ecopetition.fieldwork import actions as fa

    deadline = (clock.localdate() + dt.timedelta(days=20)).isoformat()
    if rectify:  # the "reported" case also carries a pending extension, asked for before the report
        ca.do_request_extension(case, actor=officer, days=10, reason="需要检测")
    measures = [fa.MeasureInput(kind="rectify", items=[fa.RectifyItem("夜间停止施工", deadline)])] if rectify else []
    who = case.complainants.first()
    return fa.do_report_findings(case, actor=officer, finding="founded",
                                 result=f"现场核实属实，已责令整改，并电话告知{who.name}（{who.phone}）。",
                                 measures=measures)


def build_secworld(*, with_objects: bool = True) -> SecWorld:
    base = build_world()
    w = SecWorld(units=base.units, users=base.users)
    from django.contrib.auth import get_user_model

    User = get_user_model()
    w.units["city2"] = Unit.objects.create(code="C3210", name="扬州市", kind="city", parent=w.units["province"],
                                           division_code="321000")
    for username, unit, roles in [
        ("ed", "city", ["admin"]),
        ("pat", "province", ["clerk", "dispatcher", "supervisor", "callback", "leader"]),
        ("xo", "city2", ["officer"]),
    ]:
        user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
        for role in roles:
            Membership.objects.create(user=user, unit=w.units[unit], role=role)
        w.users[username] = user
    w.users["root"] = User.objects.create_superuser("root", password=PASSWORD)
    for name in OWN:
        if name != "anon":
            w.tokens[name] = ApiToken.issue(w.users[name], f"{name} test token")[1]
            w.open311_keys[name] = ApiToken.issue(w.users[name], f"{name} Open311 key", TokenScope.OPEN311)[1]
    for family in FAMILIES:
        for state in STATES:
            w.cases[(family, state)] = _walk(w, family, state)
    if with_objects:
        for family in FAMILIES:
            _objects(w, family)
        _extras(w)
    return w


def _extras(w: SecWorld) -> None:
    """One unread message for every
    person (one's own and somebody else's), a saved import mapping in each registering unit, and a case of
    each family closed as unfounded (the source of a re-check)."""
    from ecopetition.intake.models import ColumnMapping
    from ecopetition.notify.models import Notification

    pat = w.users["pat"]
    w.notes = {name: Notification.objects.create(user=user, text="消息", created_at=clock.now())
               for name, user in w.users.items()}
    for fam in FAMILIES:  # a saved mapping of each registering unit, all of the same name
        w.objects[("mapping", fam)] = ColumnMapping.objects.create(
            unit=w.units[REGISTERING[fam]], name="secmap", columns={"content": "内容", "address": "地址"})
    w.unfounded = {}
    for fam in FAMILIES:
        c = ca.do_register(ca.NewComplaint(channel="phone", content="废水偷排", complainants=[
            ca.ComplainantInput(name="某人", phone="13600000000")]), unit=w.units[REGISTERING[fam]], actor=pat)
        ca.do_accept(c, actor=pat)
        ca.do_assign(c, actor=pat, lead_unit=w.units[LEAD[fam]])
        ca.do_sign_for(c, actor=w.users[OFFICER[fam]])
        ca.do_report(c, actor=w.users[OFFICER[fam]], finding="unfounded", result="未发现问题")
        ca.do_review(c, actor=pat, passed=True)
        ca.do_reply(c, actor=pat, text="不属实", method="sms")
        ca.do_callback(c, actor=pat, result="basic")
        ca.do_close(c, actor=pat)
        w.unfounded[fam] = c


def _objects(w: SecWorld, family: str) -> None:
    from ecopetition.analytics import campaigns
    from ecopetition.deadlines import actions as da
    from ecopetition.documents import actions as docs
    from ecopetition.fieldwork.models import Rectification
    from ecopetition.intake import actions as ia
    from ecopetition.intake.models import ImportUpload
    from ecopetition.oversight.models import AlertRecipient, EmergencyAlert, RecheckTask

    pat = w.users["pat"]
    now = clock.now()
    today = clock.localdate()
    handling = w.case(family, "in_progress")
    from ecopetition.cases.attachments import store_attachment

    put = w.objects.__setitem__
    put(("attachment", family), store_attachment(
        handling, SimpleUploadedFile("现场.png", PNG, content_type="image/png"), actor=pat))
    put(("document", family), docs.do_generate_document(handling, actor=pat, kind="assignment", extra={}))
    put(("reply_letter", family), docs.do_generate_document(w.case(family, "replied"), actor=pat, kind="reply",
                                                            extra={}))
    put(("reply_draft", family), docs.do_save_reply_draft(w.case(family, "reviewed"), actor=pat))
    put(("order", family), da.do_issue_supervision_order(
        handling, actor=pat, unit=w.units[LEAD[family]], requirements="三日内查处并报告。",
        due_at=now + dt.timedelta(days=3)))
    put(("rectification", family), Rectification.objects.filter(complaint=w.case(family, "reported")).first())
    reported = w.case(family, "reported")
    put(("recheck", family), RecheckTask.objects.create(
        number=f"FC-{family}", complaint=reported, source="manual", reported_unit=w.units[LEAD[family]],
        recheck_unit=w.units[LEAD[family]].parent, opened_by=pat, opened_at=now, due_at=now + dt.timedelta(days=7)))
    alert = EmergencyAlert.objects.create(complaint=w.case(family, "registered"), raised_at=now)
    put(("recipient", family), AlertRecipient.objects.create(
        alert=alert, kind="leader", user=pat, label="值班领导", channels="inbox", notified_at=now))
    put(("reception", family), ia.do_schedule_reception(
        actor=pat, unit=w.units[REGISTERING[family]], leader_name="王局长", place="信访接待室",
        date=today + dt.timedelta(days=2)))
    put(("campaign", family), campaigns.do_create_campaign(
        actor=pat, unit=w.units[REGISTERING[family]], name=f"{family} 夜间施工噪声专项", starts=today,
        ends=today + dt.timedelta(days=60)))
    uploader = {"A": "amy", "B": "bea", "C": "cara", "X": "pat"}[family]
    put(("upload", family), ImportUpload.objects.create(
        unit=w.units[REGISTERING[family]], file_name=f"{family}.xlsx", header=["内容", "地址"],
        rows=[["夜间噪声", "建设路"]], uploaded_by=w.users[uploader], uploaded_at=now))

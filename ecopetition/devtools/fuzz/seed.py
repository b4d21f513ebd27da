"""The register the fuzzers aim at: the test world, API tokens, and a few cases in different states.

Path parameters only reach the code behind them when they name something that
exists, so the fuzzers draw complaint numbers, attachment, rectification,
re-check and alert ids from here as well as making up their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

# The users whose API tokens the API fuzzer sends: intake, dispatch, supervision, field work, inspection.
TOKEN_USERS = ("cara", "dan", "sue", "olga", "otto", "ian", "bea")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 48


@dataclass
class Register:
    world: object
    tokens: dict[str, str] = field(default_factory=dict)  # JSON API tokens (scope api)
    open311_keys: dict[str, str] = field(default_factory=dict)  # Open311 keys (scope open311)
    numbers: list[str] = field(default_factory=list)
    attachment_ids: list[int] = field(default_factory=list)
    rectification_ids: list[int] = field(default_factory=list)
    recheck_ids: list[int] = field(default_factory=list)
    recipient_ids: list[int] = field(default_factory=list)
    # Public portal tickets: (tracking number, query code); the last one can be rated.
    tickets: list[tuple[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    unit_codes: list[str] = field(default_factory=list)

    def path_values(self) -> dict[str, list]:
        """Real values for the API's path parameters, by parameter name."""
        return {
            "number": self.numbers,
            "attachment_id": self.attachment_ids,
            "pk": self.rectification_ids,
            "task_id": self.recheck_ids,
            "recipient_id": self.recipient_ids,
        }


def _new(world, unit="city", clerk="cara", **kw):
    from ecopetition.cases import actions as A

    data = dict(
        channel="phone", content="某化工厂夜间偷排废水，河水发黑发臭，熏得人头疼。",
        complainants=[A.ComplainantInput(name="张三丰", phone="13812345678", id_number="110101199003078515",
                                         address="盐城市亭湖区青年路1号")],
        categories=["water"], address="盐城市亭湖区五星街道", division_code="320902",
    )
    data.update(kw)
    return A.do_register(A.NewComplaint(**data), unit=world.units[unit], actor=world.users[clerk])


def seed_register() -> Register:
    """Build the named test world and walk a handful of cases through the real actions."""
    from ecopetition.cases import actions as A
    from ecopetition.cases.attachments import store_attachment
    from ecopetition.cases.models import Category, Complaint
    from ecopetition.core import clock
    from ecopetition.fieldwork import actions as F
    from ecopetition.intake import actions as intake
    from ecopetition.org.models import ApiToken, TokenScope, Unit
    from ecopetition.oversight import emergency, recheck
    from ecopetition.oversight.models import AlertRecipient
    from ecopetition.testing import build_world

    w = build_world()
    u = w.users
    reg = Register(world=w)
    for name in TOKEN_USERS:
        reg.tokens[name] = ApiToken.issue(u[name], "fuzz")[1]
        reg.open311_keys[name] = ApiToken.issue(u[name], "fuzz", TokenScope.OPEN311)[1]

    registered = _new(w)
    accepted = A.do_accept(_new(w, content="工地夜间施工噪声扰民，凌晨两点还在打桩。", categories=["noise"]), actor=u["cara"])

    in_progress = A.do_accept(_new(w, content="餐馆油烟直排居民楼。", categories=["air"]), actor=u["cara"])
    A.do_assign(in_progress, actor=u["dan"], lead_unit=w.units["county_a"])
    A.do_sign_for(in_progress, actor=u["otto"])

    measured = A.do_accept(_new(w), actor=u["cara"])
    A.do_assign(measured, actor=u["dan"], lead_unit=w.units["city_eco"])
    A.do_sign_for(measured, actor=u["olga"])
    deadline = clock.localdate(clock.now()) + dt.timedelta(days=30)
    F.do_report_findings(measured, actor=u["olga"], finding="founded", result="现场核实属实，已责令整改。", measures=[
        F.MeasureInput(kind="rectify", detail="限期整改", items=[F.RectifyItem("安装废水处理设施", deadline)]),
    ])

    replied = A.do_accept(_new(w), actor=u["cara"])
    A.do_assign(replied, actor=u["dan"], lead_unit=w.units["city_eco"])
    A.do_sign_for(replied, actor=u["olga"])
    A.do_report(replied, actor=u["olga"], finding="founded", result="已责令整改。")
    A.do_review(replied, actor=u["sue"], passed=True)
    A.do_reply(replied, actor=u["cara"], text="已处理。", method="sms")

    closed = A.do_accept(_new(w), actor=u["cara"])
    A.do_assign(closed, actor=u["dan"], lead_unit=w.units["county_a_eco"])
    A.do_sign_for(closed, actor=u["oscar"])
    A.do_report(closed, actor=u["oscar"], finding="unfounded", result="现场核查未发现偷排。")
    A.do_review(closed, actor=u["sue"], passed=True)
    A.do_reply(closed, actor=u["cara"], text="经核查，反映问题不属实。", method="sms")
    A.do_callback(closed, actor=u["cole"], result="basic")
    A.do_close(closed, actor=u["cara"])
    task = recheck.do_open_recheck(closed, actor=u["sue"], reason="群众再次反映。")

    sibling = _new(w, unit="county_b", clerk="bea", content="河道漂浮死鱼。")

    att = store_attachment(registered, SimpleUploadedFile("scene.png", PNG, content_type="image/png"),
                           actor=u["cara"])
    emergency.do_declare_emergency(registered, actor=u["cara"], reason="疑似危化品泄漏。")
    emergency.raise_alert(registered.pk)

    # Two portal tickets: one just filed, one replied to (so that it can be rated).
    for walk in (False, True):
        with override_settings(INTAKE_PORTAL_UNIT=w.units["city"].code):
            case, code = intake.do_portal_submit(A.NewComplaint(
                channel="web", content="小区旁工厂排放刺鼻气体。", address="盐城市", is_anonymous=True,
            ))
        if walk:
            A.do_accept(case, actor=u["cara"])
            A.do_assign(case, actor=u["dan"], lead_unit=w.units["city_eco"])
            A.do_sign_for(case, actor=u["olga"])
            A.do_report(case, actor=u["olga"], finding="partly", result="部分属实。")
            A.do_review(case, actor=u["sue"], passed=True)
            A.do_reply(case, actor=u["cara"], text="已督促整改。", method="sms")
        reg.tickets.append((case.number, code))

    for case in (registered, accepted, in_progress, measured, replied, closed, sibling):
        reg.numbers.append(Complaint.objects.get(pk=case.pk).number)
    reg.numbers += [n for n, _code in reg.tickets]
    reg.attachment_ids = [att.pk]
    reg.rectification_ids = list(measured.rectifications.values_list("pk", flat=True))
    reg.recheck_ids = [task.pk]
    reg.recipient_ids = list(AlertRecipient.objects.filter(alert__complaint=registered).values_list("pk", flat=True))
    reg.categories = list(Category.objects.filter(active=True).values_list("code", flat=True))
    reg.unit_codes = list(Unit.objects.values_list("code", flat=True))
    return reg

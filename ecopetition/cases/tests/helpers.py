"""Builders for core tests."""

from ecopetition.cases import actions
from ecopetition.cases.models import Complaint


def register(world, *, unit="city", clerk="cara", **kw) -> Complaint:
    data = dict(
        channel="phone",
        content="某化工厂夜间偷排废水，河水发黑发臭。",
        complainants=[actions.ComplainantInput(name="张三丰", phone="13812345678", id_number="110101199003078515",
                                               address="盐城市亭湖区青年路1号")],
        categories=["water"],
        address="盐城市亭湖区五星街道",
    )
    data.update(kw)
    return actions.do_register(actions.NewComplaint(**data), unit=world.units[unit], actor=world.users[clerk])


def found(world, who: str, text: str) -> set[str]:
    """The numbers of the cases a search for `text` finds for the named user."""
    user = world.users[who]
    return set(Complaint.objects.visible_to(user).search(text, user).values_list("number", flat=True))


def force_state(case: Complaint, state: str, lead_unit=None) -> Complaint:
    """Test setup only: put a case in a state without walking there."""
    from ecopetition.cases.models import Assignment
    from ecopetition.core import clock

    if lead_unit is not None:
        Assignment.objects.create(complaint=case, unit=lead_unit, is_lead=True, assigned_at=clock.now())
    Complaint.objects.filter(pk=case.pk).update(state=state, lead_unit=lead_unit)
    case.refresh_from_db()
    return case


def walk_to_replied(world, case=None) -> Complaint:
    u = world.users
    case = case or register(world)
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded", result="已责令整改。")
    actions.do_review(case, actor=u["sue"], passed=True)
    actions.do_reply(case, actor=u["cara"], text="已处理。", method="sms")
    case.refresh_from_db()
    return case

"""Fixtures shared with triage's tests: fresh caches, and registering a complaint the ordinary way."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rule and unit caches live per process; each test builds its own world with new ids."""
    from ecopetition.triage import geo, rules

    rules.forget()
    geo._parse_cached.cache_clear()
    geo.forget_boundaries()
    yield
    rules.forget()


@pytest.fixture
def reg(world, django_capture_on_commit_callbacks):
    """Register a complaint through the core action and run what triage does after commit."""
    from ecopetition.cases import actions

    def register(*, unit="county_a", clerk="amy", phone="13812345678", name="张三丰", content=None, **kw):
        people = [actions.ComplainantInput(name=name, phone=phone)] if phone or name else []
        data = dict(
            channel="phone" if people else "web",
            content=content or "亭湖区南洋镇鑫源化工有限公司晚上偷排废水，河水发黑发臭，熏得人头疼。",
            complainants=people, is_anonymous=not people,
        )
        data.update(kw)
        with django_capture_on_commit_callbacks(execute=True):
            case = actions.do_register(actions.NewComplaint(**data), unit=world.units[unit], actor=world.users[clerk])
        case.refresh_from_db()
        return case

    return register

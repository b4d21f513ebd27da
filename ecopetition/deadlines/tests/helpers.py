import datetime as dt

from django.utils import timezone

from ecopetition.cases import actions as core
from ecopetition.core import clock

CST = timezone.get_default_timezone()


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=CST)


def register(world, when, channel="letter", **flags):
    with clock.frozen(when):
        return core.do_register(
            core.NewComplaint(channel=channel, content="烟囱冒黑烟", is_anonymous=True, **flags),
            unit=world.units["city"], actor=world.users["cara"],
        )


def accept_and_assign(world, case, when):
    with clock.frozen(when):
        core.do_accept(case, actor=world.users["cara"])
        return core.do_assign(case, actor=world.users["dan"], lead_unit=world.units["city_eco"])

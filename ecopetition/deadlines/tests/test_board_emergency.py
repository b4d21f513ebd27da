"""The wall board puts open emergencies on top, and never leaves a pressing case out behind calm ones."""

import datetime as dt

from django.utils import timezone

from ecopetition.cases.tests.helpers import register
from ecopetition.core import clock
from ecopetition.deadlines.queries import board


def test_emergency_on_top_and_pressing_cases_kept(world):
    old = timezone.now() - dt.timedelta(days=20)
    with clock.frozen(old):
        overdue = register(world, channel="phone")  # its assignment clock ran out long ago
    calm = [register(world, channel="letter") for _ in range(6)]
    emergency = register(world, channel="phone", is_emergency=True, content="河里大量死鱼，疑似化工泄漏")
    tiles, counts = board(world.users["sue"], limit=3)
    numbers = [t.case.number for t in tiles]
    assert numbers[0] == emergency.number
    assert overdue.number in numbers  # kept although six calmer cases are newer and the limit is 3
    assert len(numbers) == 3
    assert not {c.number for c in calm} & {numbers[0], overdue.number}

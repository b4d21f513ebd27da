"""Policies say what starts and stops them, refuse stop events that can never happen, and can be re-derived."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from ecopetition.core import clock
from ecopetition.deadlines import clocks, sweep
from ecopetition.deadlines.models import CaseClock, ClockNotice, DeadlinePolicy, Level

from .helpers import CST, accept_and_assign, at, register

pytestmark = pytest.mark.django_db


def policy(**kw):
    values = {"key": "x", "name": "x", "amount": 1, "unit": "workdays", "start_events": "assign",
              "stop_events": "sign_for"}
    values.update(kw)
    return DeadlinePolicy(**values)


def test_every_shipped_policy_is_valid_and_says_what_it_means():
    for p in DeadlinePolicy.objects.all():
        p.full_clean()
        assert p.meaning and "_" not in p.meaning, p.meaning  # words, not event codes


def test_site_policy_meaning_names_the_visit_in_words():
    site = DeadlinePolicy.objects.filter(key="site").order_by("-priority").first()
    text = site.meaning
    assert "Arrived on site" in text or "到达现场" in text
    assert "sign_for" not in text and "site_visit" not in text


@pytest.mark.parametrize(("start", "stop", "field"), [
    ("assign", "accept", "stop_events"),        # acceptance comes before assignment: never after it
    ("assign", "register", "stop_events"),      # registration is only ever the first event
    ("close", "sign_for", "stop_events"),       # nothing happens after closing but a review request
    ("assign", "teleport", "stop_events"),      # not an event at all
    ("arrive", "sign_for", "start_events"),
])
def test_a_stop_event_that_can_never_happen_is_refused_with_a_reason(start, stop, field):
    with pytest.raises(ValidationError) as exc:
        policy(start_events=start, stop_events=stop).full_clean()
    assert field in exc.value.message_dict
    assert exc.value.message_dict[field][0]


def test_reachable_stops_are_accepted():
    policy(start_events="site_visit", stop_events="survey,callback").full_clean()
    policy(start_events="assign", stop_events="close").full_clean()
    policy(start_events="reply", stop_events="callback").full_clean()


def test_deadline_command_prints_a_policy_due_time_and_its_meaning():
    out = io.StringIO()
    call_command("deadline", "--policy", "handover_close", "--channel", "inspection",
                 "--start", "2026-11-02T09:00", stdout=out)
    first, second = out.getvalue().splitlines()
    assert first == "2026-11-08T23:59:59+08:00"
    assert "督察交办件" in second
    out = io.StringIO()
    call_command("deadline", "--policy", "site", "--flags", "is_urgent", "--start", "2026-11-07T22:30", stdout=out)
    assert out.getvalue().splitlines()[0] == "2026-11-08T00:30:00+08:00"
    with pytest.raises(CommandError, match="nonsense"):
        call_command("deadline", "--policy", "nonsense", "--start", "2026-11-02T09:00")
    with pytest.raises(CommandError, match="unknown flag"):
        call_command("deadline", "--policy", "site", "--flags", "is_purple", "--start", "2026-11-02T09:00")


def test_rederive_follows_a_changed_policy_without_resending_notices(world):
    case = register(world, at(2026, 11, 2, 9))
    accept_and_assign(world, case, at(2026, 11, 2, 10))
    with clock.frozen(at(2026, 11, 2, 15)):
        from ecopetition.cases import actions as core

        core.do_sign_for(case, actor=world.users["olga"])
    # Under an old meaning, signing for stopped the arrival clock.
    DeadlinePolicy.objects.filter(key="site").update(stop_events="sign_for,site_visit,return")
    clocks.invalidate_policies()
    clocks.rederive(type(case).objects.filter(pk=case.pk))
    assert CaseClock.objects.get(complaint=case, key="site").stopped_by == "sign_for"
    # A person's clock (a supervision order's) is kept through the re-derivation.
    custom = clocks.start_custom_clock(case, key="order:T1", label="督办单", started_at=at(2026, 11, 2, 16),
                                       due_at=at(2026, 11, 20, 17))
    DeadlinePolicy.objects.filter(key="site").update(stop_events="site_visit,return")
    clocks.invalidate_policies()
    with clock.frozen(at(2026, 11, 10, 9)):
        clocks.rederive(type(case).objects.filter(pk=case.pk))
        site = CaseClock.objects.get(complaint=case, key="site")
        assert site.stopped_at is None and site.level == Level.OVERDUE and site.next_check_at is None
        assert CaseClock.objects.filter(pk=custom.pk, stopped_at__isnull=True).exists()
        assert sweep.sweep().notices == 0 or not ClockNotice.objects.filter(clock=site).exists()
    assert site.due_at == dt.datetime(2026, 11, 3, 17, 30, tzinfo=CST)

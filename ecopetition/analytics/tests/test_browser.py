"""The map in a real browser: it draws the province, drills down to a city, and the page runs under the CSP."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from ecopetition.org.models import Membership

from .conftest import at, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_draws_and_drills_down(page, live_server, world, refdata, client, tmp_path):
    for i, (division, lat, lon) in enumerate([("320902", 33.39, 120.16), ("320902", 33.40, 120.17),
                                              ("320903", 33.34, 120.05)]):
        register(world, categories=["air"], division_code=division, lat=lat, lon=lon, when=at(2026, 3, 2 + i),
                 clerk="amy" if division == "320902" else "bea", unit="county_a" if division == "320902" else "county_b")
    boss = world.users["lee"]
    Membership.objects.create(user=boss, unit=world.units["province"], role="leader")
    client.force_login(boss)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    problems = []
    def console(m):
        if m.type == "error" and "favicon" not in str(m.location.get("url", "")):
            problems.append(f"{m.text} {m.location}")

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{live_server.url}/staff/analytics/?from=2026")
    out = Path(os.environ.get("ANALYTICS_DUMP_DIR", tmp_path))
    try:
        page.wait_for_selector("#map[data-level='320000']", timeout=15000)
    except Exception:
        page.screenshot(path=str(out / "failed.png"), full_page=True)
        title = page.locator("#map-title").text_content()
        raise AssertionError(f"map not drawn; console: {problems}; title: {title}") from None
    page.wait_for_timeout(800)  # let ECharts finish its first frame
    page.locator("#map").screenshot(path=str(out / "map-province.png"))
    options = page.locator("#map-drill option").all_text_contents()
    assert "盐城市" in options
    page.select_option("#map-drill", "320900")
    page.wait_for_selector("#map[data-level='320900']", timeout=15000)
    page.wait_for_timeout(800)
    assert "盐城市" in page.locator("#map-title").text_content()
    page.locator("#map").screenshot(path=str(out / "map-city.png"))
    page.screenshot(path=str(out / "dashboard.png"), full_page=True)
    page.click("#map-up")
    page.wait_for_selector("#map[data-level='320000']", timeout=15000)
    assert page.locator("#kpi-n").text_content().strip() == "3"
    assert not problems, problems

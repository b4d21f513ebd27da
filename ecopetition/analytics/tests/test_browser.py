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
        # A title with markup in it: the map's tooltip must show it as text (red-team finding 8).
        register(world, categories=["air"], division_code=division, lat=lat, lon=lon, when=at(2026, 3, 2 + i),
                 title='<img src="x" id="evil">化工厂夜间排气',
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
    # Hover a case on the map: its title is drawn as text on the canvas, no markup reaches the page, and
    # the tooltip sets no inline style the CSP would refuse (the console listener below would catch it).
    tip = page.evaluate("""() => {
        const c = echarts.getInstanceByDom(document.getElementById("map"));
        c.dispatchAction({type: "showTip", seriesIndex: 1, dataIndex: 0});
        const opt = c.getOption().tooltip[0];
        const text = opt.formatter({seriesType: "scatter", data: c.getOption().series[1].data[0]});
        return new Promise(r => setTimeout(() => r({mode: opt.renderMode, text: text,
            evil: !!document.getElementById("evil")}), 300));
    }""")
    page.locator("#map").screenshot(path=str(out / "map-tooltip.png"))
    assert tip["mode"] == "richText", tip
    assert '<img src="x" id="evil">化工厂' in tip["text"], tip
    assert not tip["evil"], "the case title was inserted as markup"
    page.screenshot(path=str(out / "dashboard.png"), full_page=True)
    page.click("#map-up")
    page.wait_for_selector("#map[data-level='320000']", timeout=15000)
    assert page.locator("#kpi-n").text_content().strip() == "3"
    assert not problems, problems

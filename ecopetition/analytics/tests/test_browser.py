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
    page.on("pageerror", lambda e: problems.append(f"{e} {getattr(e, 'stack', '')}"))
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


def test_map_drills_down_to_towns_and_keeps_the_level_in_the_address(page, live_server, world, refdata, client,
                                                                     settings, tmp_path):
    """As a province leader: click a city, choose a county, click a town; reload, back button, breadcrumb;
    the points and the colours follow each level; the same on a 390 px phone; the console stays clean."""
    from .test_map_levels import load_towns

    settings.DATA_DIR = tmp_path
    load_towns(tmp_path)
    for i, (division, lat, lon, unit, clerk) in enumerate([
            ("320902001", 33.39, 120.15, "county_a", "amy"), ("320902001", 33.40, 120.16, "county_a", "amy"),
            ("320902002", 33.38, 120.25, "county_a", "amy"), ("320903", 33.34, 120.05, "county_b", "bea")]):
        register(world, categories=["air"], division_code=division, lat=lat, lon=lon, when=at(2026, 3, 2 + i),
                 clerk=clerk, unit=unit)
    boss = world.users["lee"]
    Membership.objects.create(user=boss, unit=world.units["province"], role="leader")
    client.force_login(boss)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "favicon" not in str(
        m.location.get("url", "")) else None)
    page.on("pageerror", lambda e: problems.append(f"{e} {getattr(e, 'stack', '')}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in
            r.url else None)
    out = Path(os.environ.get("ANALYTICS_DUMP_DIR", tmp_path))
    base = f"{live_server.url}/staff/analytics/"

    def level(code, points=None):
        page.wait_for_selector(f"#map[data-level='{code}']", timeout=40000)
        page.wait_for_timeout(500)
        if points is not None:
            assert page.locator("#map").get_attribute("data-points") == str(points)

    def click_at(lon, lat):
        xy = page.evaluate("""([lon, lat]) => echarts.getInstanceByDom(document.getElementById("map"))
            .convertToPixel({geoIndex: 0}, [lon, lat])""", [lon, lat])
        page.locator("#map").scroll_into_view_if_needed()
        box = page.locator("#map").bounding_box()
        page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
        for step in range(12):  # a person's mouse keeps moving over the map while the next level is drawn
            page.mouse.move(box["x"] + xy[0] + step * 3, box["y"] + xy[1] + step * 2)
            page.wait_for_timeout(40)

    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(base + "?from=2026")
    level("320000", 4)
    click_at(120.26, 33.77)  # 盐城市 (射阳县) on the province map, away from the case points
    level("320900", 4)
    assert "map=320900" in page.url
    assert page.locator("#map-crumbs").inner_text().replace("\n", "") == "江苏省 › 盐城市"
    options = page.locator("#map-drill option").all_text_contents()
    assert "亭湖区" in options and not page.locator("#map-drill").is_disabled()
    page.select_option("#map-drill", "320902")
    level("320902", 3)  # the county, split into its towns; 盐都区's case is not on it
    assert page.locator("#map-drill option").all_text_contents()[1:] == ["五星街道", "文峰街道"]
    values = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById("map")).getOption()
        .series[0].data.map(d => [d.name, d.value])""")
    assert sorted(values) == [["五星街道", 2], ["文峰街道", 1]]
    page.locator("#map").screenshot(path=str(out / "map-county-towns.png"))
    click_at(120.12, 33.32)  # 五星街道
    level("320902001", 2)
    assert page.locator("#map-note").is_visible()  # no boundaries below a town: said in words
    page.reload()
    level("320902001", 2)
    assert page.locator("#map-crumbs").inner_text().replace("\n", "") == "江苏省 › 盐城市 › 亭湖区 › 五星街道"
    page.screenshot(path=str(out / "map-town-desktop.png"), full_page=True)
    page.go_back()
    level("320902", 3)
    page.go_back()
    level("320900", 4)
    page.click("#map-crumbs a[data-code='320000']")
    level("320000", 4)
    assert "map=" not in page.url
    page.go_back()  # from a page loaded at a deeper level, back to the map's top (no level in the address)
    level("320900", 4)
    page.reload()
    level("320900", 4)
    page.click("#map-crumbs a[data-code='320000']")
    level("320000", 4)
    page.go_back()
    level("320900", 4)
    page.go_forward()
    level("320000", 4)
    page.click("#map-up") if not page.locator("#map-up").is_disabled() else None
    # Someone else's region in the address: refused with a message, the user's own map instead.
    page.goto(base + "?from=2026&map=110000")
    level("320000")
    assert page.locator(".an-error").count() == 1
    problems[:] = [p for p in problems if "403" not in p]  # the refused level's own answer
    # A 390 px phone: the same level from a shared link, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "?from=2026&map=320902")
    level("320902", 3)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width
    page.locator("#map").scroll_into_view_if_needed()
    page.screenshot(path=str(out / "map-county-phone.png"), full_page=True)
    assert not problems, problems

"""Map levels (province -> city -> county -> town): which a user may open, and what each level's answer holds."""

import json

import pytest
from django.urls import reverse

from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org.models import Membership
from ecopetition.testing import PASSWORD

from .. import queries
from .conftest import at, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(world, refdata):
    """Two cases in a town of 亭湖区, one elsewhere in 亭湖区, one in 盐都区."""
    rows = [("320902001", "county_a", "amy", 33.39, 120.16), ("320902001", "county_a", "amy", 33.40, 120.17),
            ("320902", "county_a", "amy", 33.38, 120.15), ("320903", "county_b", "bea", 33.34, 120.05)]
    return [register(world, categories=["air"], division_code=d, unit=u, clerk=c, lat=lat, lon=lon,
                     when=at(2026, 3, 2 + i)) for i, (d, u, c, lat, lon) in enumerate(rows)]


def load_towns(folder):
    """Town boundaries of 亭湖区 where an administrator's `geo load` puts them (DATA_DIR/geo)."""
    (folder / "geo").mkdir(exist_ok=True)

    def box(code, name, x):
        ring = [[x, 33.3], [x + 0.1, 33.3], [x + 0.1, 33.45], [x, 33.45], [x, 33.3]]
        return {"type": "Feature", "properties": {"adcode": code, "name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}
    (folder / "geo" / "320902_full.json").write_text(json.dumps({"type": "FeatureCollection", "features": [
        box(320902001, "五星街道", 120.1), box(320902002, "文峰街道", 120.2)]}), encoding="utf-8")


@pytest.fixture
def towns(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_towns(tmp_path)


def test_levels_a_city_leader_may_open(world):
    city = world.units["city"]
    assert queries.map_level(city, None) == "320900"
    assert queries.map_level(city, "320902") == "320902"
    assert queries.map_level(city, "320902001") == "320902001"
    with pytest.raises(PermissionDenied):
        queries.map_level(city, "320000")  # above the area: the province's other cities are not theirs
    with pytest.raises(PermissionDenied):
        queries.map_level(city, "321000")
    for bad in ("abc", "3209", "32090200100"):
        with pytest.raises(ValidationError):
            queries.map_level(city, bad)


def test_a_county_sees_its_city_map_but_cannot_enter_a_sibling(world):
    county = world.units["county_a"]
    assert queries.map_level(county, None) == "320900"  # no county file: the city's map, which shows it
    assert queries.map_level(county, "320902") == "320902"
    assert queries.map_level(county, "320902001") == "320902001"
    with pytest.raises(PermissionDenied):
        queries.map_level(county, "320903")
    with pytest.raises(PermissionDenied):
        queries.map_level(county, "320903001")


def test_points_follow_the_level(client, world, placed):
    assert client.login(username="lee", password=PASSWORD)
    url = reverse("analytics:points")
    everything = client.get(url, {"from": "2026"}).json()
    assert everything["level"] == "320900" and len(everything["points"]) == 4
    county = client.get(url, {"from": "2026", "map": "320902"}).json()
    assert {p["number"] for p in county["points"]} == {c.number for c in placed[:3]}
    town = client.get(url, {"from": "2026", "map": "320902001"}).json()
    assert {p["number"] for p in town["points"]} == {c.number for c in placed[:2]}
    assert client.get(url, {"from": "2026", "map": "321000"}).status_code == 403
    r = client.get(url, {"from": "2026", "map": "x"})
    assert r.status_code == 400 and r.json()["error"]


def test_a_county_supervisor_gets_no_sibling_points(client, world, placed):
    assert client.login(username="ada", password=PASSWORD)
    url = reverse("analytics:points")
    assert client.get(url, {"from": "2026", "map": "320903"}).status_code == 403
    own = client.get(url, {"from": "2026"}).json()["points"]
    assert placed[3].number not in {p["number"] for p in own}
    r = client.get(reverse("analytics:dashboard"), {"from": "2026", "map": "320903"})
    assert r.status_code == 200 and "an-error" in r.content.decode()
    assert r.context["chart"]["map"]["level"] == "320900"


def test_town_counts_where_town_boundaries_are_loaded(client, world, placed, towns):
    from .. import geo

    assert "320902" in geo.available()
    assert client.login(username="lee", password=PASSWORD)
    r = client.get(reverse("analytics:points"), {"from": "2026", "map": "320902"}).json()
    assert r["values"] == {"320902001": 2}
    page = client.get(reverse("analytics:dashboard"), {"from": "2026", "map": "320902001"})
    m = page.context["chart"]["map"]
    assert m["level"] == "320902001" and set(m["names"]) == {"320900", "320902", "320902001"}


def test_a_province_leader_walks_from_the_province(client, world, placed):
    Membership.objects.create(user=world.users["lee"], unit=world.units["province"], role="leader")
    assert client.login(username="lee", password=PASSWORD)
    page = client.get(reverse("analytics:dashboard"), {"from": "2026", "map": "320902"})
    m = page.context["chart"]["map"]
    assert m["root"] == "320000" and m["level"] == "320902"
    assert list(m["names"]) == ["320000", "320900", "320902"]
    assert m["names"]["320900"] == "盐城市"

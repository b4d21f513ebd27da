"""Address and map point → division; routing rules → responsible unit."""

import json
from pathlib import Path

import pytest

from ecopetition.triage import geo, rules
from ecopetition.triage.models import RoutingRule

pytestmark = pytest.mark.django_db
GEO = Path(__file__).resolve().parents[1] / "data" / "geo"


def test_address_to_county_code_with_confidence():
    r = geo.parse_address("江苏省盐城市亭湖区南洋镇新洋村三组", prior="320900")
    assert r["code"] == "320902"
    assert r["confidence"] >= 0.8
    assert "南洋镇" in r["name"]


def test_traditional_script_address():
    r = geo.parse_address("達州市通川區朝陽東路", prior="511700")
    assert r["code"] == "511702"


def test_another_province_is_never_taken_silently():
    r = geo.parse_address("北京市朝阳区建国路88号", prior="320902")
    assert r["code"].startswith("11")
    assert r["confidence"] <= 0.3
    assert any("province" in n for n in r["notes"])


@pytest.mark.parametrize("address", ["", "我家楼下", "！！！", "😀" * 10, "x" * 5000])
def test_addresses_naming_no_place(address):
    r = geo.parse_address(address, prior="320902")
    assert r["code"] == ""
    assert r["confidence"] == 0.0


def test_map_point_to_division_with_loaded_boundaries():
    assert geo.load_geojson(GEO / "320900_full.json") == 9
    feats = json.loads((GEO / "320900_full.json").read_text(encoding="utf-8"))["features"]
    tinghu = next(f for f in feats if str(f["properties"]["adcode"]) == "320902")
    lon, lat = tinghu["properties"]["centroid"]
    hit = geo.point_division(lat, lon)
    assert hit["code"] == "320902" and hit["source"] == "map"
    assert geo.point_division(39.9, 116.4) is None  # Beijing: no boundary loaded here
    assert geo.point_division(None, None) is None


def test_routing_follows_the_division_of_labour(world):
    rules.forget()
    r = rules.route("320902", ["water"], "industry", "化工厂偷排废水")
    assert r.unit == world.units["county_a_eco"]
    assert "工业企业" in r.rule_label
    # No urban management in the county: the city's takes it.
    r = rules.route("320902", ["air"], "service", "饭店油烟")
    assert r.unit == world.units["city_urban"]
    # Suspected crime goes to the police, before any sector rule; no police unit here → next rule.
    r = rules.route("320902", ["water"], "industry", "用渗坑偷排")
    assert r.rule.order > 10 or r.unit.department_type == "police"
    # General problems: the town, or the nearest government when the tree has no town unit.
    r = rules.route("320903", ["solid_waste"], "residential", "河边堆垃圾")
    assert r.unit == world.units["county_b"]
    assert r.note


def test_first_matching_rule_wins_and_rules_are_data(world):
    RoutingRule.objects.create(order=1, name="亭湖区一律交生态环境局", division_prefix="320902",
                               target="unit", unit=world.units["county_a_eco"])
    rules.forget()
    r = rules.route("320902", ["air"], "service", "饭店油烟")
    assert r.unit == world.units["county_a_eco"]
    assert r.rule.name == "亭湖区一律交生态环境局"
    r = rules.route("320903", ["air"], "service", "饭店油烟")
    assert r.unit == world.units["city_urban"]
    rules.forget()


def test_the_compiled_gazetteer_finds_what_jionlp_finds():
    """The address parser's candidate search runs on the entries whose names occur in the text: the same candidates,
    in the same order, as jionlp's own search over all its entries, and so the same parse."""
    from ecopetition.triage import geo

    parser = geo._jionlp().parse_location

    def own(text):  # jionlp's search over every entry, as shipped
        return [(e[0], e[1:4], e[5], e[6]) for e in type(parser).get_candidates(parser, text)]

    texts = ["江苏省盐城市亭湖区文港路", "上海市嘉定区太原路99号", "青海西宁城东区", "湖南省长沙市", "西安交通大学",
             "海南大学旁边", "喀左旗覃家岗街道梨树湾村", "东台市安丰镇桥头", "盐都区楼王镇我家后面", "朝阳区",
             "北海市重庆路其仓11号", "射阳县合德镇化工园区的厂晚上偷排废水，河水发黑", "没有地名", ""]
    for text in texts:
        fast = [(e[0], e[1:4], e[5], e[6]) for e in parser.get_candidates(text)]
        assert fast == own(text), text
    assert [c[0] for c in parser.get_candidates("江苏省盐城市亭湖区")]  # it finds something
    assert geo.parse_address("盐城市亭湖区")["code"] == "320902"

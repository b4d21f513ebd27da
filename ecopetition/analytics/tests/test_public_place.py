"""The place every public output gives (Open311, disclosure): to the street, and never a description of somebody's
home or spot that carries a name nobody recorded (tenth outside review, R10-4)."""

import pytest

from ecopetition.analytics.disclosure import public_place, street_of


@pytest.mark.parametrize("address, place", [
    ("射阳县合德镇王建国门口那条路", "射阳县合德镇"),
    ("射阳县合德镇幸福路张秀兰住的那条巷", "射阳县合德镇幸福路"),
    ("射阳县合德镇张秀兰屋后那条路", "射阳县合德镇"),
    ("射阳县合德镇靠近张秀兰的那条街", "射阳县合德镇"),
    ("射阳县海河镇李秀英小卖部旁边的路", "射阳县海河镇"),
    ("射阳县合德镇秀兰理发店那条街", "射阳县合德镇"),
])
def test_a_place_described_by_somebody_ends_before_the_description(address, place):
    assert street_of(address) == place
    assert public_place(address, []) == place


@pytest.mark.parametrize("address, place", [
    ("江苏省盐城市射阳县合德镇解放北路", "江苏省盐城市射阳县合德镇解放北路"),
    ("盐城市盐城经济技术开发区世纪大道", "盐城市盐城经济技术开发区世纪大道"),
    ("射阳县临海镇新洋港村", "射阳县临海镇新洋港村"),
    ("射阳县合德镇王家村", "射阳县合德镇王家村"),
    ("盐城市亭湖区文港南路18号华润万家", "盐城市亭湖区文港南路"),
])
def test_roads_and_villages_keep_their_names(address, place):
    assert street_of(address) == place

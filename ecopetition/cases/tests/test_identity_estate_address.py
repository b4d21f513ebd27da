"""A recorded home whose estate ends in 小区 or 社区 (eleventh outside review, R11-1): the 区 of the estate is no
district, so the road and house number before it (人民路88号) are still a piece of the home that is masked."""

import pytest

from ecopetition.cases import privacy
from ecopetition.cases.masking import address_parts, address_tail

HOME = {"name": "王建国", "address": "盐城市亭湖区人民路88号幸福小区3幢502室"}


@pytest.mark.parametrize("address, tail", [
    ("盐城市亭湖区人民路88号幸福小区3幢502室", "人民路88号幸福小区3幢502室"),
    ("盐城市亭湖区人民路88号新民社区3幢502室", "人民路88号新民社区3幢502室"),
    ("射阳县合德镇城市花园5幢101室", "城市花园5幢101室"),
    ("射阳县水乡花苑5幢101室", "水乡花苑5幢101室"),
    ("江苏省盐城市射阳县合德镇解放路25号", "解放路25号"),
    ("亭湖区五星街道青年路1号", "青年路1号"),
])
def test_the_tail_starts_after_the_last_division_not_inside_an_estate(address, tail):
    assert address_tail(address) == tail


def test_the_street_number_before_an_estate_is_a_masked_piece():
    assert ("人民路88号", 3) in address_parts([HOME])
    for text in ("人民路88号幸福小区旁边的化工厂夜间偷排", "盐城市亭湖区人民路88号附近", "您家人民路88号附近的排口已封堵"):
        shown = privacy.mask_text(text, [HOME])
        assert "88" not in shown and "人民路" in shown, shown
    assert privacy.mask_text("人民路99号的饭店", [HOME]) == "人民路99号的饭店"  # another number on the road

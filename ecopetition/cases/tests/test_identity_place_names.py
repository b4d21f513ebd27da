"""A complainant whose full name is also a place's or a business's (tenth outside review, R10-8): 金海 complains
about 金海化工有限公司 on 金海路. The case's own place and party stay readable (a star in 金*路 would tell the name
to the public); the person stays masked."""

import pytest

from ecopetition.cases import actions, privacy
from ecopetition.cases.masking import with_case

from .helpers import register


def test_the_cases_own_place_and_party_keep_a_name_they_share():
    people = with_case([{"name": "金海", "phone": "13700001111"}], "金海化工有限公司", "射阳县合德镇金海路金海化工有限公司")
    shown = privacy.mask_text("金海路上的金海化工有限公司夜里排污。金海说晚上最臭。我叫金海", people)
    assert shown.startswith("金海路上的金海化工有限公司夜里排污。") and shown.endswith("金*说晚上最臭。我叫金*"), shown
    assert privacy.mask_party("金海化工有限公司", people) == "金海化工有限公司"
    # a name that is also a word (金海, 黄河, 高峰) is masked only where it stands as a person, as a given name is, in
    # the case's own place or elsewhere: 金*路 told the name to anyone who knows the roads (R12 over-mask)
    assert privacy.mask_text("金海路", [{"name": "金海"}]) == "金海路"
    assert privacy.mask_text("金海村", people) == "金海村"


@pytest.mark.django_db
def test_on_the_case_page_fields_for_a_reader_without_the_grant(world, no_triage):
    case = register(world, content="金海路上的金海化工有限公司夜里往河里排污。金海说晚上最臭。",
                    complainants=[actions.ComplainantInput(name="金海", phone="13700001111")],
                    address="射阳县合德镇金海路金海化工有限公司", reported_party_name="金海化工有限公司")
    identity = privacy.identity_for(world.users["lee"], case)
    assert not identity.unmasked
    fields = identity.fields()
    assert fields["address"] == "射阳县合德镇金海路金海化工有限公司"
    assert fields["reported_party_name"] == "金海化工有限公司"
    assert fields["content"].startswith("金海路上的金海化工有限公司") and "金海说" not in fields["content"]

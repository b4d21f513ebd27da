"""`ecopetition triage train`: the register's confirmed cases and clerks' corrections join the shipped training text."""

import pytest
from django.core.management import call_command

from ecopetition.cases import actions
from ecopetition.triage import classifier

pytestmark = pytest.mark.django_db


def test_train_uses_confirmed_cases_and_corrections(world, reg, settings):
    text = "村口那台抽水泵整夜嗡嗡响"
    accepted = reg(content=text, categories=["noise"], sector="public")
    actions.do_accept(accepted, actor=world.users["amy"])
    rejected = reg(content="我在镇上开的小店被人砸了玻璃", phone="13600001111")
    actions.do_reject(rejected, actor=world.users["amy"], reason="不属于生态环境部门职责",
                      legal_route="公安机关（110）")
    rows = classifier.register_rows()
    by_text = {r["text"]: r for r in rows}
    assert by_text[text]["in_scope"] is True and by_text[text]["sector"] == "public"
    assert by_text[rejected.content]["in_scope"] is False
    assert by_text[rejected.content]["route"] == "public_security"
    call_command("triage", "train")
    assert classifier.model_path().exists()
    model = classifier.get_model()
    assert model.sources["register"] == len(rows) >= 2
    assert model.rows == model.sources["shipped"] + len(rows)

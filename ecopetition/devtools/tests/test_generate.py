"""`ecopetition generate`: valid audit chains, planted repeats with truth, index rows."""

import pytest

from ecopetition.cases import audit
from ecopetition.cases.models import Complaint, Event, refresh_search
from ecopetition.devtools.generate import Generator
from ecopetition.triage.models import PlantedRepeat, RepeatKey

pytestmark = pytest.mark.django_db


def test_generate_writes_valid_cases_and_planted_repeats(world, reg):
    reg()  # a case registered the ordinary way keeps its number sequence apart from generated ones
    result = Generator(seed=3, repeat_share=0.2).run(400, batch=150)
    assert result["complaints"] == 400
    assert Complaint.objects.count() == 401
    assert list(audit.verify()) == []
    truth = list(PlantedRepeat.objects.all())
    assert len(truth) == result["planted_repeats"] > 20
    t = truth[0]
    rep = Complaint.objects.get(pk=t.repeat_id)
    assert rep.is_repeat and rep.related.filter(pk=t.original_id).exists()
    assert Event.objects.filter(complaint=rep, action="flag_repeat").exists()
    assert RepeatKey.objects.values("complaint_id").distinct().count() >= 390
    texts = list(Complaint.objects.values_list("content", flat=True))
    assert len(set(texts)) > 0.95 * len(texts)
    assert all("{" not in t for t in texts)
    # The masked search text is written with the rows, as the models would keep it.
    stored = dict(Complaint.objects.values_list("pk", "search_masked"))
    assert refresh_search(stored) == stored
    # Numbers stay unique and a new registration still gets its own.
    reg()


def test_generate_creates_a_unit_tree_when_there_is_none(db):
    result = Generator(seed=1).run(30)
    assert result["complaints"] == 30
    assert Complaint.objects.filter(unit__kind="county").count() == 30

"""On SQLite the search tokens are matched through an FTS5 index kept by triggers (`cases.fts`); a search uses
it only while the index and all its triggers are there, and `migrate` puts back what a table rebuild dropped."""

import pytest
from django.db import connection

from ecopetition.cases import fts
from ecopetition.cases.models import Complaint
from ecopetition.testfixtures import no_triage_on_register  # noqa: F401

from .helpers import found, register

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")



def indexed(column: str, token: str) -> set[int]:
    with connection.cursor() as cur:
        cur.execute("SELECT rowid FROM cases_complaint_fts WHERE cases_complaint_fts MATCH %s", [f'{column} : "{token}"'])
        return {row[0] for row in cur.fetchall()}


def test_the_index_follows_every_write_of_the_tokens(world):
    assert fts.ready(connection)
    case = register(world, unit="county_a", clerk="amy", title="化工厂偷排", channel="web", complainants=[],
                    content="东方化工厂偷排废水，连王建华也闻到了。")
    assert indexed("search_tokens_masked", "建华") == {case.pk}  # nobody to mask yet
    assert found(world, "otto", "王建华") == {case.number}
    case.complainants.create(name="王建华")  # now the name is masked for readers without the identity
    assert indexed("search_tokens_masked", "建华") == set()
    assert indexed("search_tokens_full", "建华") == {case.pk}
    assert found(world, "otto", "王建华") == set() and found(world, "amy", "王建华") == {case.number}
    assert found(world, "otto", "化工厂排污") == set() and found(world, "otto", "化工 偷排") == {case.number}


def test_without_its_triggers_the_index_is_left_aside_until_migrate_rebuilds_it(world):
    case = register(world, unit="county_a", clerk="amy", title="噪声", channel="web", complainants=[],
                    content="工地夜间施工噪声扰民。")
    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER cases_complaint_fts_update")  # as a table rebuild by a migration would
    assert not fts.ready(connection)
    Complaint.objects.filter(pk=case.pk).update(title="死鱼", content="河道里出现大量死鱼。")
    assert found(world, "otto", "死鱼") == {case.number}  # scanned: the stale index is not read
    assert found(world, "otto", "噪声") == set()
    assert indexed("search_tokens_masked", "噪声") == {case.pk}  # what the stale index would have said
    assert fts.ensure(connection) and fts.ready(connection)
    assert indexed("search_tokens_masked", "噪声") == set() and indexed("search_tokens_masked", "死鱼") == {case.pk}
    assert found(world, "otto", "河道死鱼") == {case.number} and found(world, "otto", "噪声") == set()
    assert not fts.ensure(connection)  # nothing missing: nothing done

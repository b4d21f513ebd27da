"""Recompute the searchable columns of every existing case with the masks added in round 15 for what the fourteenth
outside review left open, in one pass, so that `?q=` finds nothing a page hides: more writer forms of a name the text
alone gives (a bracket before 反映, （匿名）, 我李秀英啊, by/From:, 找, names after a village group, the mother before
的儿子, a co-signer's 同意 line), the recorded birth date split across clauses (R14-5), the recorded building and room
with 的 between and the house number after 门牌 (R14-4), and the recorded name half in pinyin, in initials or with a
variant character (R14-10); and with a village group's people and 联系人：该公司… readable again (R14-8). Also the
fifteenth review's: a name the detector finds in any of a case's texts masked in all of them (R15-1), the automatic
title made of the masked content (R15-2), report phrasing (R15-3), a place before the name after a cue (R15-4),
signature blocks, lists past a bracket, aliases, reply salutations, unrecorded homes, landlines and bank cards
(R15-5..R15-9). One pass for all of them: each pass reads every case.
The same batched fill as 0013 (one pass). On a large register it is slow (see docs/operations.md)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0020_refill_search_for_fourteenth_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]

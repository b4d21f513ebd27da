"""Recompute the searchable columns of every existing case with the name masks of the sixth outside review (R6-2,
R6-4): the recorded name split over lines or by punctuation (宇文\n朝阳, 慕-容-秋-水), in traditional characters
(陳建華) or in pinyin (huangfu chunsheng), and a signature block naming someone who is not recorded (此致/敬礼 then a
name, 濮阳雪松（签字）, a spaced 东 方 白 云). The same batched fill as 0013, so that the masked search text matches
what pages show."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0014_refill_search_for_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]

"""Recompute the searchable columns of every existing case with the masks added after the sixth, seventh and eighth outside
reviews, so that the masked search text matches what pages show and `?q=` finds nothing a page hides: the recorded
name split over lines or by punctuation (宇文\n朝阳, 慕-容-秋-水), in traditional characters (陳建華) or in pinyin
(huangfu chunsheng), and a signature block naming someone not recorded (R6-2, R6-4); the recorded home's building and
room with any joiner or in Chinese numerals (12-303, 七栋五零二), an unrecorded home after a cue and the recorded
numbers written in pieces (R6-3); the reported party masked as free text (R7-1); the summary cut outside any masked
span (R7-2); two grouped numbers in a row and the recorded numbers whatever separates their digits (R7-4). After the
eighth review: the given name alone masked only where it stands as a person, so a company, road or place sharing it
(新华化工, 建国路) and the recorded home's road without its number are searchable again (R8-1); the recorded phone or ID
number dictated in labelled pieces (137开头6666结尾8888) and the ID number's last four after 尾号/后四位 (R8-2);
keycap digits and bracketed numerals (1️⃣3️⃣9️⃣, ㈠㈢㈦, (一)(三)(七): R8-3); the recorded name in tone-marked or
full-width pinyin or with a Kangxi look-alike (Huángfǔ, ｈｕａｎｇｆｕ, 皇甫春⽣), and a name after 群众/村民 or in a
signature ending 敬上/谨上/（按手印） or after a dash (R8-4).
The same batched fill as 0013 (one pass for all of them)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0014_refill_search_for_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]

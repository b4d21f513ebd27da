"""Recompute the searchable columns of every existing case with the masks added after the ninth outside review, so
that `?q=` finds nothing a page hides and finds what pages show again: every name of a list after a cue, co-signers
(联名人, 村民代表, 签字人) and more sign-offs (R9-1); a recorded name field holding several people (张伟、李娜, 张伟等3人:
R9-2); look-alike radicals (⻢力: R9-3); the recorded phone dictated in pieces far apart (R9-4); lettered and 座
buildings and the recorded home in full width, lower case or as building and floor (R9-5); Suzhou, counting-rod and
Roman numerals and tone-number pinyin (R9-6); and, kept readable, the complainant's given name where it is the
reported party's trade name and the party's landline after its name (R9-7).
0018 refills the columns with these masks and the tenth review's in one pass: neither has been released apart, so
this one does nothing (a second full pass would only double the upgrade window on a large register)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_complainant_name_index")]

    operations = []

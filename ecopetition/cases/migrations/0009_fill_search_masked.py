"""Fill the masked searchable text of every existing case, in batches (each its own transaction).

The masking is the current `masking.search_text`: the same rule the pages apply. Running it again
(e.g. after the masking rules change) recomputes every row; `ecopetition search_reindex` does the same.
"""

from django.db import migrations, transaction

BATCH = 1000


def fill(apps, schema_editor):
    from collections import defaultdict

    from ecopetition.cases.masking import search_text

    Complaint = apps.get_model("cases", "Complaint")
    Complainant = apps.get_model("cases", "Complainant")
    last = 0
    while True:
        with transaction.atomic():
            rows = list(Complaint._base_manager.filter(pk__gt=last).order_by("pk")
                        .values_list("pk", "title", "content", "address", "search_masked")[:BATCH])
            if not rows:
                return
            people = defaultdict(list)
            for p in Complainant._base_manager.filter(complaint_id__in=[r[0] for r in rows]).order_by("order", "pk"):
                people[p.complaint_id].append(p)
            changed = []
            for pk, title, content, address, stored in rows:
                text = search_text(title, content, address, people[pk])
                if text != stored:
                    changed.append(Complaint(pk=pk, search_masked=text))
            Complaint._base_manager.bulk_update(changed, ["search_masked"], batch_size=200)
        last = rows[-1][0]


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch: a large register is not held in one

    dependencies = [
        ("cases", "0008_search_masked"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]

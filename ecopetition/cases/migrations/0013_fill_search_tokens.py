"""Fill the searchable columns (masked text, masked and full search tokens) of every existing case (with the
masking rules as they now are: numbers read in Chinese and financial numerals and across separators and
punctuation), in
batches (each its own transaction), with the same function the models keep them by (`search_columns`).
`ecopetition search_reindex` does the same."""

from django.db import connection, migrations, transaction

BATCH = 1000


def fill(apps, schema_editor):
    from collections import defaultdict

    from ecopetition.cases.models import SEARCH_COLUMNS, SEARCH_SOURCE_ORDER, search_columns
    from ecopetition.cases.privacy import case_notes

    Complaint = apps.get_model("cases", "Complaint")
    Complainant = apps.get_model("cases", "Complainant")
    last = 0
    while True:
        with transaction.atomic():
            rows = list(Complaint._base_manager.filter(pk__gt=last).order_by("pk")
                        .values("pk", *SEARCH_SOURCE_ORDER, *SEARCH_COLUMNS)[:BATCH])
            if not rows:
                return
            people = defaultdict(list)
            for p in Complainant._base_manager.filter(complaint_id__in=[r["pk"] for r in rows]).order_by("order", "pk"):
                people[p.complaint_id].append(p)
            # the texts of the cases' records, whose found names are masked too (R16-13); the field work's once its
            # tables exist
            fieldwork = {"fieldwork_sitevisit", "fieldwork_measure"} <= set(
                (schema_editor.connection if schema_editor is not None else connection).introspection.table_names())
            notes = case_notes([r["pk"] for r in rows], fieldwork=fieldwork)
            changed = []
            for row in rows:
                columns = search_columns(row, people[row["pk"]], notes[row["pk"]])
                if any(row[c] != v for c, v in columns.items()):
                    changed.append(Complaint(pk=row["pk"], **columns))
            Complaint._base_manager.bulk_update(changed, list(SEARCH_COLUMNS), batch_size=200)
        last = rows[-1]["pk"]


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch: a large register is not held in one

    dependencies = [("cases", "0012_search_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]

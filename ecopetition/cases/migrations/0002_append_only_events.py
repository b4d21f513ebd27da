"""Make the audit event table append-only in the database itself.

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) unless the
maintenance switch in `ecopetition.core.auditlock` is on for the session.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER cases_event_no_update BEFORE UPDATE ON cases_event
       WHEN NOT ecopetition_audit_unlocked()
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER cases_event_no_delete BEFORE DELETE ON cases_event
       WHEN NOT ecopetition_audit_unlocked()
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_event_no_update",
    "DROP TRIGGER IF EXISTS cases_event_no_delete",
]

PG_UP = [
    """CREATE OR REPLACE FUNCTION ecopetition_refuse_event_change() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('ecopetition.audit_unlocked', true), 'off') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = 'audit events are append-only (' || TG_OP || ' refused)',
            ERRCODE = 'insufficient_privilege';
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER cases_event_no_change BEFORE UPDATE OR DELETE ON cases_event
       FOR EACH ROW EXECUTE FUNCTION ecopetition_refuse_event_change()""",
    """CREATE TRIGGER cases_event_no_truncate BEFORE TRUNCATE ON cases_event
       FOR EACH STATEMENT EXECUTE FUNCTION ecopetition_refuse_event_change()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS cases_event_no_change ON cases_event",
    "DROP TRIGGER IF EXISTS cases_event_no_truncate ON cases_event",
    "DROP FUNCTION IF EXISTS ecopetition_refuse_event_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]

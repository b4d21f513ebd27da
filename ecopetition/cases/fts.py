"""The SQLite full-text index of the search tokens: an FTS5 table over the case's two token columns.

PostgreSQL keeps a stored, GIN-indexed text vector beside each token column (migration cases 0012). On
SQLite the same columns are indexed by an external-content FTS5 table (`TABLE`: it stores only the index,
the text stays in the case's row), kept in step by three triggers on the case table, so every write of the
columns (`models.refresh_search`, a bulk load, a migration) reaches it in the same transaction.

SQLite rebuilds a table to alter it and its triggers go with it, so `ensure` runs after every `migrate`
(post_migrate): it creates what is missing and, when it had to, rebuilds the index from the rows. A search
uses the index only while the table and all its triggers are there (`ready`); otherwise it scans, as before:
a stale index could let a reader match a word the masking has since hidden.
"""

from __future__ import annotations

TABLE = "cases_complaint_fts"
CONTENT = "cases_complaint"
COLUMNS = ("search_tokens_masked", "search_tokens_full")
# Written out in full (the names are the constants above).
TRIGGERS = {
    "cases_complaint_fts_insert": (
        "AFTER INSERT ON cases_complaint BEGIN "
        "INSERT INTO cases_complaint_fts(rowid, search_tokens_masked, search_tokens_full) "
        "VALUES (new.id, new.search_tokens_masked, new.search_tokens_full); END"),
    "cases_complaint_fts_delete": (
        "AFTER DELETE ON cases_complaint BEGIN "
        "INSERT INTO cases_complaint_fts(cases_complaint_fts, rowid, search_tokens_masked, search_tokens_full) "
        "VALUES ('delete', old.id, old.search_tokens_masked, old.search_tokens_full); END"),
    "cases_complaint_fts_update": (
        "AFTER UPDATE OF id, search_tokens_masked, search_tokens_full ON cases_complaint BEGIN "
        "INSERT INTO cases_complaint_fts(cases_complaint_fts, rowid, search_tokens_masked, search_tokens_full) "
        "VALUES ('delete', old.id, old.search_tokens_masked, old.search_tokens_full); "
        "INSERT INTO cases_complaint_fts(rowid, search_tokens_masked, search_tokens_full) "
        "VALUES (new.id, new.search_tokens_masked, new.search_tokens_full); END"),
}


def _present(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE name = %s OR (type = 'trigger' AND tbl_name = %s)",
                   [TABLE, CONTENT])
    return {row[0] for row in cursor.fetchall()}


def ready(connection) -> bool:
    """The index exists with all its triggers on this (SQLite) database."""
    with connection.cursor() as cursor:
        return {TABLE, *TRIGGERS} <= _present(cursor)


def ensure(connection) -> bool:
    """Create the index and its triggers where missing; rebuild the index if anything was. True if it did."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [CONTENT])
        if cursor.fetchone() is None:
            return False
        present = _present(cursor)
        if {TABLE, *TRIGGERS} <= present:
            return False
        if TABLE not in present:
            # The tokens are stored space-separated and in lower case: unicode61 cuts them at the spaces.
            cursor.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)}, content='{CONTENT}', "
                           f"content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
        for name, body in TRIGGERS.items():
            if name not in present:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute("INSERT INTO cases_complaint_fts(cases_complaint_fts) VALUES ('rebuild')")
    return True


def match_sql(column: str, toks: list[str], pk_sql: str) -> tuple[str, list[str]]:
    """SQL (and its parameter) true for the cases whose `column` holds every token of `toks`."""
    phrases = " ".join('"' + t.replace('"', '""') + '"' for t in toks)
    return (f"{pk_sql} IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)",  # noqa: S608 (constant names)
            [f"{column} : ({phrases})"])


def on_post_migrate(using="default", **kwargs) -> None:
    from django.db import connections

    ensure(connections[using])

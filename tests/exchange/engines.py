"""What the exchange tests ask of either engine in their own SQL."""

from __future__ import annotations

from kam_tui.core.db.dialect import is_postgres


def searched(db, word: str) -> list[int]:
    """Return the ids of the accounts the search finds word in, as each engine searches:
    SQLite's fts5 table, PostgreSQL's search text (it has no such table)."""
    if is_postgres(db):
        rows = db.execute_sql("SELECT id FROM account WHERE search_text LIKE ? ORDER BY id",
                              (f"%{word}%",))
    else:
        rows = db.execute_sql("SELECT rowid FROM account_search WHERE search_text MATCH ?"
                              " ORDER BY rowid", (f'"{word}"',))
    return [row_id for (row_id,) in rows]

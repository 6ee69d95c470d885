"""Reading the change log: a laptop's own changes not yet pushed, a server's changes since N."""

from __future__ import annotations

from typing import Any

import peewee as pw

from kam_tui.core.db.sync_tables import BY_NAME
from kam_tui.core.sync.wire import Change

_COLUMNS = "id, seq, tbl, row_uuid, field, value, hlc, base_hlc, origin, origin_seq, delta"


def _change(row: tuple[Any, ...], own: bool) -> Change | None:
    local, _seq, table, key, field, value, clock, base, origin, origin_seq, delta = row
    described = BY_NAME.get(table)
    column = described.column(field) if described is not None else None
    if column is None:
        return None  # a table or column this kam does not carry
    number = local if own else (origin_seq or 0)
    return Change(table, key, field, column.to_wire(value), clock, base, origin,
                  int(number), bool(delta))


def outbox(db: pw.Database, replica: str, after: int, limit: int) -> tuple[list[Change], int]:
    """Return this replica's own changes after log id `after`, and the last id read."""
    rows = db.execute_sql(
        f"SELECT {_COLUMNS} FROM change_log WHERE origin = ? AND id > ? AND hlc IS NOT NULL "
        f"ORDER BY id LIMIT {int(limit)}", (replica, after)).fetchall()
    changes = [change for change in (_change(row, True) for row in rows) if change is not None]
    return changes, (rows[-1][0] if rows else after)


def last_id(db: pw.Database) -> int:
    """Return the id of the last change logged here (0 for an empty log)."""
    return db.execute_sql("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]


def waiting(db: pw.Database, replica: str, after: int) -> int:
    """Return how many records this replica changed that wait to be pushed (a new account is
    one change, not one per field)."""
    return db.execute_sql(
        "SELECT count(*) FROM (SELECT DISTINCT tbl, row_uuid FROM change_log "
        "WHERE origin = ? AND id > ?) AS waiting", (replica, after)).fetchone()[0]


def since(db: pw.Database, seq: int, limit: int, skip_origin: str
          ) -> tuple[list[Change], int, bool]:
    """Return the changes after order number seq (not those skip_origin made), the last
    order number read, and whether there may be more."""
    rows = db.execute_sql(
        f"SELECT {_COLUMNS} FROM change_log WHERE seq > ? AND hlc IS NOT NULL "
        f"ORDER BY seq LIMIT {int(limit)}", (seq,)).fetchall()
    changes = [change for row in rows if row[8] != skip_origin
               for change in [_change(row, False)] if change is not None]
    return changes, (rows[-1][1] if rows else seq), len(rows) == limit


def head(db: pw.Database) -> int:
    """Return the last order number given (0 for an empty log)."""
    return db.execute_sql("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]

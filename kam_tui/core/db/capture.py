"""Stamping captured changes: each write transaction's changes get one clock, in commit order.

The capture triggers (sync_schema) leave their change-log rows without a clock; `stamp`, run by
the record engine just before its transaction commits, gives them this replica's next clock,
the clock each field had before (what the writer saw), an order number, and moves the fields'
clocks on. A counter's changes become this replica's new part total. On PostgreSQL the state
row stays locked until commit, so order numbers are handed out in commit order and a laptop
that pulled "everything up to N" never misses a change committed later with a smaller number.
"""

from __future__ import annotations

import json
import time

import peewee as pw

from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.domain import hlc

SYNC_SCHEMA = 7  # the schema version that made the sync tables


def now_ms() -> int:
    """Return the wall clock in milliseconds."""
    return time.time_ns() // 1_000_000


def has_sync(db: pw.Database) -> bool:
    """Return whether this database has the sync tables (a file being upgraded may not yet)."""
    return getattr(db, "_kam_sync", None) is True or _probe(db)


def _probe(db: pw.Database) -> bool:
    tables = db.get_tables()
    found = "sync_state" in tables
    if found:
        db._kam_sync = True  # type: ignore[attr-defined]  # tables are never dropped again
    return found


def state(db: pw.Database, *, lock: bool = False) -> tuple[str, hlc.Hlc | None]:
    """Return this database's replica id and the last clock it gave or saw."""
    tail = " FOR UPDATE" if lock and is_postgres(db) else ""
    replica, last = db.execute_sql(
        f"SELECT replica, last_hlc FROM sync_state WHERE id = 1{tail}").fetchone()
    return replica, (hlc.Hlc.parse(last) if last else None)


def advance(db: pw.Database, clock: hlc.Hlc) -> None:
    """Remember clock as the last one given or seen (inside the caller's transaction)."""
    db.execute_sql("UPDATE sync_state SET last_hlc = ? WHERE id = 1 AND last_hlc < ?",
                   (clock.text(), clock.text()))


def stamp(db: pw.Database) -> None:
    """Give the changes captured so far their clock and order, before the transaction commits."""
    if not has_sync(db):
        return
    if db.execute_sql("SELECT 1 FROM change_log WHERE hlc IS NULL LIMIT 1").fetchone() is None:
        return
    replica, last = state(db, lock=True)
    clock = hlc.tick(last, now_ms(), replica)
    text = clock.text()
    _fold_counters(db, replica, text)
    # A field written twice in one transaction travels once, with its last value.
    db.execute_sql(
        "DELETE FROM change_log WHERE hlc IS NULL AND delta = 0 AND id NOT IN "
        "(SELECT max(id) FROM change_log WHERE hlc IS NULL AND delta = 0 "
        "GROUP BY tbl, row_uuid, field)")
    order = "nextval('change_log_order')" if is_postgres(db) else "id"
    db.execute_sql(
        f"UPDATE change_log SET hlc = ?, origin = ?, seq = {order}, base_hlc = "
        "(SELECT fc.hlc FROM field_clock fc WHERE fc.tbl = change_log.tbl "
        "AND fc.row_uuid = change_log.row_uuid AND fc.field = change_log.field) "
        "WHERE hlc IS NULL", (text, replica))
    db.execute_sql(
        "INSERT INTO field_clock (tbl, row_uuid, field, hlc, base) "
        "SELECT tbl, row_uuid, field, hlc, base_hlc FROM change_log "
        "WHERE hlc = ? AND delta = 0 "
        "ON CONFLICT (tbl, row_uuid, field) DO UPDATE SET hlc = excluded.hlc, "
        "base = excluded.base", (text,))
    advance(db, clock)


def _fold_counters(db: pw.Database, replica: str, clock: str) -> None:
    """Turn this transaction's counter steps into this replica's new part totals."""
    number = "(value #>> '{}')::numeric" if is_postgres(db) else "value"
    steps = db.execute_sql(
        f"SELECT tbl, row_uuid, field, sum({number}), max(account_uuid) FROM change_log "
        "WHERE hlc IS NULL AND delta = 1 GROUP BY tbl, row_uuid, field").fetchall()
    if not steps:
        return
    db.execute_sql("DELETE FROM change_log WHERE hlc IS NULL AND delta = 1")
    for table, row_uuid, field, step, account in steps:
        db.execute_sql(
            "INSERT INTO counter_part (tbl, row_uuid, field, replica, total, hlc) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, row_uuid, field, replica) DO UPDATE "
            "SET total = counter_part.total + excluded.total, hlc = excluded.hlc",
            (table, row_uuid, field, replica, int(step or 0), clock))
        total = db.execute_sql(
            "SELECT total FROM counter_part WHERE tbl = ? AND row_uuid = ? AND field = ? "
            "AND replica = ?", (table, row_uuid, field, replica)).fetchone()[0]
        db.execute_sql(
            "INSERT INTO change_log (tbl, row_uuid, field, value, delta, account_uuid) "
            f"VALUES (?, ?, ?, {value_mark(db)}, 1, ?)",
            (table, row_uuid, field, value_param(db, total), account))


def value_mark(db: pw.Database) -> str:
    """Return the placeholder for a value column (JSONB on PostgreSQL, untyped on SQLite)."""
    return "CAST(? AS jsonb)" if is_postgres(db) else "?"


def value_param(db: pw.Database, value: object) -> object:
    """Return a value as the value columns take it (JSON text on PostgreSQL)."""
    return json.dumps(value, ensure_ascii=False) if is_postgres(db) else value

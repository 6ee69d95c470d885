"""Links whose target row has not arrived: kept by uuid, set once that row is here.

A contact may arrive before the account it now belongs to (or name a person this side may not
see yet). The link is stored empty and its uuid waits in `sync_pending_link` with the clock
that wrote it; each later apply sets every waiting link whose row has come, unless the field
was written again since (its clock moved on), which drops it.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from kam_tui.core.db.dialect import execute_many
from kam_tui.core.db.models import utcnow
from kam_tui.core.db.sync_tables import BY_NAME, SyncedTable


def keep(db: pw.Database, table: SyncedTable, written: list[Any]) -> None:
    """Remember the written rows' links that wait for their row; forget those written again."""
    links = [column.name for column in table.columns if column.link]
    if not links or not written:
        return
    execute_many(db, "DELETE FROM sync_pending_link WHERE tbl = ? AND row_uuid = ? AND field = ?",
                 [(table.name, row.key, name) for row in written for name in links
                  if name in row.writes and name not in row.pending])
    execute_many(db, "INSERT INTO sync_pending_link (tbl, row_uuid, field, target, hlc) VALUES "
                 "(?, ?, ?, ?, ?) ON CONFLICT (tbl, row_uuid, field) DO UPDATE SET "
                 "target = excluded.target, hlc = excluded.hlc",
                 [(table.name, row.key, name, target, row.clocks[name][0])
                  for row in written for name, target in row.pending.items()
                  if name in row.clocks])


def resolve(db: pw.Database) -> int:
    """Set every waiting link whose row is here now; return how many were set."""
    fields = db.execute_sql("SELECT DISTINCT tbl, field FROM sync_pending_link").fetchall()
    done = 0
    for table_name, name in fields:
        table = BY_NAME.get(table_name)
        column = table.column(name) if table is not None else None
        if table is None or column is None or not column.link:
            continue
        found = db.execute_sql(
            f'SELECT p.row_uuid, t.id, fc.hlc = p.hlc FROM sync_pending_link p '
            f'JOIN "{column.link}" t ON t.uuid = p.target '
            f'LEFT JOIN field_clock fc ON fc.tbl = p.tbl AND fc.row_uuid = p.row_uuid '
            f'AND fc.field = p.field WHERE p.tbl = ? AND p.field = ?',
            (table_name, name)).fetchall()
        current = [(local, key) for key, local, same in found if same]
        bump = ", version = version + 1, updated_at = ?" if table.key == "uuid" else ""
        now = [utcnow()] if bump else []
        execute_many(db, f'UPDATE "{table_name}" SET "{name}" = ?{bump} '
                     f'WHERE "{table.key}" = ?', [(local, *now, key) for local, key in current])
        execute_many(db, "DELETE FROM sync_pending_link WHERE tbl = ? AND row_uuid = ? AND "
                     "field = ?", [(table_name, key, name) for key, _, _ in found])
        done += len(current)
    return done

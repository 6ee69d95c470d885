"""Reading rows as they travel: values in wire form, links as uuids, each field with its clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee as pw

from kam_tui.core.db.sql import as_datetime
from kam_tui.core.db.sync_tables import TABLES, SyncedTable
from kam_tui.core.domain.hlc import Hlc
from kam_tui.core.sync.wire import Change

IN_LIST = 500  # uuids to one IN (...) list


def _select(table: SyncedTable) -> str:
    columns = []
    for column in table.columns:
        if column.link:
            columns.append(f'(SELECT l.uuid FROM "{column.link}" l WHERE l.id = t."{column.name}")')
        else:
            columns.append(f't."{column.name}"')
    stamp = "t.updated_at" if "updated_at" in table.model._meta.fields else "NULL"
    local = "t.id" if table.key == "uuid" else "NULL"
    return (f'SELECT {local}, t."{table.key}", {stamp}, {", ".join(columns)} '
            f'FROM "{table.name}" t')


def read(db: pw.Database, table: SyncedTable, where: str, params: Sequence[Any] = ()
         ) -> list[tuple[int | None, str, datetime | None, dict[str, Any]]]:
    """Return rows of table: local id, uuid, last changed, and the travelling values."""
    rows = db.execute_sql(f"{_select(table)} WHERE {where}", list(params)).fetchall()
    out = []
    for local, key, stamp, *values in rows:
        out.append((local, str(key), as_datetime(stamp),
                    {column.name: column.to_wire(value)
                     for column, value in zip(table.columns, values)}))
    return out


def by_uuid(db: pw.Database, table: SyncedTable, keys: Sequence[str]
            ) -> dict[str, tuple[int | None, dict[str, Any]]]:
    """Return the rows of table with these uuids (keys), by uuid."""
    found: dict[str, tuple[int | None, dict[str, Any]]] = {}
    for start in range(0, len(keys), IN_LIST):
        part = list(keys[start:start + IN_LIST])
        marks = ", ".join("?" for _ in part)
        for local, key, _stamp, values in read(db, table, f't."{table.key}" IN ({marks})', part):
            found[key] = (local, values)
    return found


def clocks(db: pw.Database, table: str, keys: Sequence[str]
           ) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Return the clock and base of every field of these rows, by (uuid, field)."""
    found: dict[tuple[str, str], tuple[str, str | None]] = {}
    for start in range(0, len(keys), IN_LIST):
        part = list(keys[start:start + IN_LIST])
        marks = ", ".join("?" for _ in part)
        for row, field, clock, base in db.execute_sql(
                f"SELECT row_uuid, field, hlc, base FROM field_clock WHERE tbl = ? "
                f"AND row_uuid IN ({marks})", [table, *part]):
            found[(row, field)] = (clock, base)
    return found


def parts(db: pw.Database, table: str, keys: Sequence[str]
          ) -> dict[tuple[str, str], dict[str, tuple[int, str]]]:
    """Return every counter's parts of these rows: (uuid, field) -> replica -> (total, clock)."""
    found: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
    for start in range(0, len(keys), IN_LIST):
        part = list(keys[start:start + IN_LIST])
        marks = ", ".join("?" for _ in part)
        for row, field, replica, total, clock in db.execute_sql(
                f"SELECT row_uuid, field, replica, total, hlc FROM counter_part WHERE tbl = ? "
                f"AND row_uuid IN ({marks})", [table, *part]):
            found.setdefault((row, field), {})[replica] = (int(total), clock)
    return found


def _synthetic(stamp: datetime | None, replica: str) -> str:
    """Return the clock of a value no write has clocked: its row's last change, counter 0."""
    wall = int(stamp.timestamp() * 1000) if stamp is not None else 0
    return Hlc(max(wall, 0), 0, replica).text()


def snapshot(db: pw.Database, position: tuple[int, str], limit: int, replica: str
             ) -> tuple[list[Change], tuple[int, str] | None]:
    """Return every field of the next rows from position (table number, last uuid) as changes,
    and the position after them (None when every table has been read)."""
    index, after = position
    while index < len(TABLES):
        table = TABLES[index]
        rows = read(db, table, f't."{table.key}" > ? ORDER BY t."{table.key}" LIMIT {limit}',
                    [after])
        if rows:
            keys = [key for _, key, _, _ in rows]
            known = clocks(db, table.name, keys)
            counted = parts(db, table.name, keys)
            changes: list[Change] = []
            for _local, key, stamp, values in rows:
                synthetic = _synthetic(stamp, replica)
                for name, value in values.items():
                    if name in table.counters:
                        shares = counted.get((key, name)) or (
                            {replica: (int(value or 0), Hlc(0, 0, replica).text())}
                            if value else {})
                        changes += [Change(table.name, key, name, total, clock, None, owner,
                                           counter=True)
                                    for owner, (total, clock) in shares.items()]
                        continue
                    clock, base = known.get((key, name), (synthetic, None))
                    changes.append(Change(table.name, key, name, value, clock, base,
                                          Hlc.parse(clock).replica))
            return changes, (index, keys[-1])
        index, after = index + 1, ""
    return [], None

"""Applying changes from elsewhere: per field the later clock wins, losers become conflicts.

The caller holds the transaction. Capture is off while changes are applied (they are not this
replica's own), every row is written with a new version (a form open on it then sees it
changed), links are found by uuid, a row that cannot be written (a link to a row this side
does not have, a value this engine refuses, a row the server's security keeps from this
session) is refused alone and reported, and on the server (relay) each winning change goes
into the log for the other laptops to pull.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from kam_tui.core.db import capture
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import execute_many, is_postgres
from kam_tui.core.db.search_index import SEARCHED, accounts_fed_by, refresh_search_texts
from kam_tui.core.db.sync_schema import APPLYING
from kam_tui.core.db.sync_tables import BY_NAME, QUIET, TABLES, SyncedTable
from kam_tui.core.domain import hlc
from kam_tui.core.domain.merge import Outcome, Written, counter_total, decide
from kam_tui.core.sync import pending, rows
from kam_tui.core.sync.wire import Change

QUIETLY = {Outcome.APPLY_CONFLICT: Outcome.APPLY, Outcome.KEEP_CONFLICT: Outcome.IGNORE}


@dataclass
class Applied:
    """What applying a batch did."""

    applied: int = 0  # changes that won and were written
    conflicts: int = 0  # fields where two edits met
    refused: list[str] = field(default_factory=list)  # rows not written, with why


@dataclass
class _Row:
    """One row's incoming changes worked out: what to write and what to remember."""

    key: str
    local: int | None
    values: dict[str, Any]
    present: bool = True  # this side has the row already
    writes: dict[str, Any] = field(default_factory=dict)
    clocks: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    parts: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    won: list[Change] = field(default_factory=list)
    conflicts: list[tuple[str, Written, Written]] = field(default_factory=list)  # kept, lost
    pending: dict[str, str] = field(default_factory=dict)  # link field -> uuid not here yet


def apply(db: pw.Database, changes: list[Change], *, relay: bool) -> Applied:
    """Apply changes from elsewhere inside the caller's transaction; return what happened."""
    report = Applied()
    if not changes:
        return report
    replica, last = capture.state(db, lock=True)
    newest = max(hlc.Hlc.parse(change.clock) for change in changes)
    capture.advance(db, hlc.receive(last, newest, capture.now_ms(), replica))  # ClockAhead
    _capturing(db, False)
    grouped: dict[str, dict[str, list[Change]]] = defaultdict(lambda: defaultdict(list))
    for change in changes:
        if change.table in BY_NAME:
            grouped[change.table][change.row].append(change)
    accounts: set[int] = set()
    for table in TABLES:
        if table.name in grouped:
            _table(db, table, grouped[table.name], relay, report, accounts)
    pending.resolve(db)
    refresh_search_texts(accounts)
    _capturing(db, True)
    return report


def _capturing(db: pw.Database, on: bool) -> None:
    if is_postgres(db):
        db.execute_sql("SELECT set_config(?, ?, true)", (APPLYING, "off" if on else "on"))
    else:
        db.execute_sql("UPDATE sync_state SET applying = ? WHERE id = 1", (0 if on else 1,))


def _decide(table: SyncedTable, worked: dict[str, _Row], incoming: dict[str, list[Change]],
            db: pw.Database) -> None:
    keys = list(incoming)
    known = rows.clocks(db, table.name, keys)
    counted = rows.parts(db, table.name, keys) if table.counters else {}
    for key, batch in incoming.items():
        row = worked[key]
        for change in sorted(batch, key=lambda each: each.clock):
            if change.counter:
                shares = counted.setdefault((key, change.field), {})
                held = shares.get(change.origin)
                if change.field in table.counters and (held is None or change.clock > held[1]):
                    shares[change.origin] = (int(change.value or 0), change.clock)
                    row.parts[(change.field, change.origin)] = shares[change.origin]
                    row.won.append(change)
                continue
            if table.column(change.field) is None:
                continue
            clock = row.clocks.get(change.field) or known.get((key, change.field))
            current = None
            if clock is not None and (row.present or row.writes):
                current = Written(row.values.get(change.field), clock[0], clock[1])
            incoming_write = Written(change.value, change.clock, change.base)
            outcome = decide(incoming_write, current)
            if change.field in QUIET:
                outcome = QUIETLY.get(outcome, outcome)
            if outcome in (Outcome.APPLY, Outcome.APPLY_CONFLICT):
                row.writes[change.field] = change.value
                row.values[change.field] = change.value
                row.clocks[change.field] = (change.clock, change.base)
                row.won.append(change)
                if outcome is Outcome.APPLY_CONFLICT and current is not None:
                    row.conflicts.append((change.field, incoming_write, current))
            elif outcome is Outcome.KEEP_CONFLICT and current is not None:
                row.conflicts.append((change.field, current, incoming_write))


def _table(db: pw.Database, table: SyncedTable, incoming: dict[str, list[Change]], relay: bool,
           report: Applied, accounts: set[int]) -> None:
    existing = rows.by_uuid(db, table, list(incoming))
    worked = {key: _Row(key, *existing.get(key, (None, {})), present=key in existing)
              for key in incoming}
    _decide(table, worked, incoming, db)
    links = _links(db, table, worked.values())
    changed = [row for row in worked.values() if row.writes or row.parts]
    written = _update_all(db, table, [row for row in changed if row.present], links)
    done = {id(row) for row in written}
    for row in changed:
        if id(row) in done:
            continue
        problem = _write(db, table, row, links)
        if problem:
            report.refused.append(f"{table.name} {row.key}: {problem}")
            continue
        written.append(row)
    _self_links(db, table, written)
    _remember(db, table, written, relay)
    pending.keep(db, table, written)
    for row in written:
        report.applied += len(row.won)
        report.conflicts += len(row.conflicts)
    searched = [row.key for row in written
                if table.name in SEARCHED and SEARCHED[table.name] & set(row.writes)]
    accounts.update(accounts_fed_by(table.name, searched))


def _update_all(db: pw.Database, table: SyncedTable, present: list[_Row],
                links: dict[tuple[str, str], int]) -> list[_Row]:
    """Update the rows this side has, many to a statement, in one savepoint; return them.

    When any of them cannot be written, none is here: the caller writes them one by one, so
    the one refused is refused alone.
    """
    groups: dict[tuple[str, ...], list[tuple[_Row, dict[str, Any]]]] = defaultdict(list)
    for row in present:
        stored, problem = _stored(table, row, links)
        if problem:
            return []
        if stored:
            groups[tuple(stored)].append((row, stored))
    try:
        with db.atomic():
            for names, group in groups.items():
                sets = [f'"{name}" = ?' for name in names]
                if table.key == "uuid":
                    sets += ["version = version + 1", "updated_at = ?"]
                now = [m.utcnow()] if table.key == "uuid" else []
                execute_many(db, f'UPDATE "{table.name}" SET {", ".join(sets)} '
                             f'WHERE "{table.key}" = ?',
                             [[*stored.values(), *now, row.key] for row, stored in group])
    except (pw.IntegrityError, pw.DataError, pw.ProgrammingError, pw.InternalError):
        return []
    return present


def _links(db: pw.Database, table: SyncedTable, worked: Any) -> dict[tuple[str, str], int]:
    """Return the local ids of the rows the incoming links name, by (table, uuid)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in worked:
        for name, value in row.writes.items():
            column = table.column(name)
            if column is not None and column.link and column.link != table.name and value:
                wanted[column.link].add(str(value))
    found: dict[tuple[str, str], int] = {}
    for target, keys in wanted.items():
        listed = sorted(keys)
        for start in range(0, len(listed), rows.IN_LIST):
            part = listed[start:start + rows.IN_LIST]
            marks = ", ".join("?" for _ in part)
            for key, local in db.execute_sql(
                    f'SELECT uuid, id FROM "{target}" WHERE uuid IN ({marks})', part):
                found[(target, key)] = local
    return found


def _stored(table: SyncedTable, row: _Row, links: dict[tuple[str, str], int]
            ) -> tuple[dict[str, Any], str]:
    """Return the columns to write (links as local ids), or why the row cannot be written."""
    stored: dict[str, Any] = {}
    for name, value in row.writes.items():
        column = table.column(name)
        if column is None or column.link == table.name:
            continue  # a link within the table waits until every row of the batch is in
        if column.link:
            local = links.get((column.link, str(value))) if value else None
            if local is None and value and not column.field.null:
                return {}, f"it belongs to a {column.link} this side does not have"
            if local is None and value:
                row.pending[name] = str(value)  # set once that row arrives (pending.resolve)
            stored[name] = local
        else:
            stored[name] = column.to_store(value)
    return stored, ""


def _write(db: pw.Database, table: SyncedTable, row: _Row,
           links: dict[tuple[str, str], int]) -> str:
    stored, problem = _stored(table, row, links)
    if problem:
        return problem
    try:
        with db.atomic():
            if not row.present and not _exists(db, table, row.key):
                _insert(db, table, row.key, stored)
                if table.key == "uuid":
                    row.local = db.execute_sql(f'SELECT id FROM "{table.name}" WHERE uuid = ?',
                                               (row.key,)).fetchone()[0]
            elif stored:
                _update(db, table, row.key, stored)
    except (pw.IntegrityError, pw.DataError, pw.ProgrammingError, pw.InternalError) as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return ""


def _exists(db: pw.Database, table: SyncedTable, key: str) -> bool:
    return db.execute_sql(f'SELECT 1 FROM "{table.name}" WHERE "{table.key}" = ?',
                          (key,)).fetchone() is not None


def _insert(db: pw.Database, table: SyncedTable, key: str, stored: dict[str, Any]) -> None:
    """Insert a row this side does not have, its other columns at their defaults."""
    names, values = [], []
    for model_field in table.model._meta.sorted_fields:
        column = model_field.column_name
        if model_field.primary_key and column != table.key:
            continue
        if column == table.key:
            value: Any = key
        elif column in stored:
            value = stored[column]
        elif model_field.default is not None:
            default = model_field.default
            value = default() if callable(default) else default
            value = model_field.db_value(value)
        else:
            value = None
        if column == "updated_at":
            value = m.utcnow()
        names.append(f'"{column}"')
        values.append(value)
    marks = ", ".join("?" for _ in values)
    db.execute_sql(f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES ({marks})', values)


def _update(db: pw.Database, table: SyncedTable, key: str, stored: dict[str, Any]) -> None:
    sets = [f'"{name}" = ?' for name in stored]
    values = list(stored.values())
    if table.key == "uuid":
        sets += ["version = version + 1", "updated_at = ?"]
        values.append(m.utcnow())
    db.execute_sql(f'UPDATE "{table.name}" SET {", ".join(sets)} WHERE "{table.key}" = ?',
                   [*values, key])


def _self_links(db: pw.Database, table: SyncedTable, written: list[_Row]) -> None:
    """Set the links between rows of one table once all of the batch's rows are in."""
    for column in table.columns:
        if column.link != table.name:
            continue
        for row in written:
            if column.name in row.writes:
                target = row.writes[column.name]
                db.execute_sql(
                    f'UPDATE "{table.name}" SET "{column.name}" = '
                    f'(SELECT t.id FROM "{table.name}" t WHERE t.uuid = ?) WHERE uuid = ?',
                    (target, row.key))


def _remember(db: pw.Database, table: SyncedTable, written: list[_Row], relay: bool) -> None:
    """Store the written rows' new clocks, counter parts and conflicts; on the server, log what
    won. One statement for many rows each: a push of 10,000 changes is a few round trips."""
    if not written:
        return
    mark, param = capture.value_mark(db), capture.value_param
    execute_many(db, "INSERT INTO field_clock (tbl, row_uuid, field, hlc, base) VALUES "
                 "(?, ?, ?, ?, ?) ON CONFLICT (tbl, row_uuid, field) DO UPDATE SET "
                 "hlc = excluded.hlc, base = excluded.base",
                 [(table.name, row.key, name, clock, base) for row in written
                  for name, (clock, base) in row.clocks.items()])
    execute_many(db, "INSERT INTO counter_part (tbl, row_uuid, field, replica, total, hlc) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, row_uuid, field, replica) DO "
                 "UPDATE SET total = excluded.total, hlc = excluded.hlc",
                 [(table.name, row.key, name, owner, total, clock) for row in written
                  for (name, owner), (total, clock) in row.parts.items()])
    for row in written:
        for name in {name for name, _ in row.parts}:
            shares = db.execute_sql(
                "SELECT replica, total FROM counter_part WHERE tbl = ? AND row_uuid = ? "
                "AND field = ?", (table.name, row.key, name)).fetchall()
            db.execute_sql(f'UPDATE "{table.name}" SET "{name}" = ? WHERE uuid = ?',
                           (counter_total(dict(shares)), row.key))
    noted = m.utcnow().isoformat(sep=" ")
    accounts = _account_uuids(db, table, [row.key for row in written
                                          if relay or row.conflicts])
    execute_many(db, "INSERT INTO sync_conflict (tbl, row_uuid, field, kept_value, kept_hlc, "
                 f"lost_value, lost_hlc, noted_at, account_uuid) VALUES (?, ?, ?, {mark}, ?, "
                 f"{mark}, ?, ?, ?)",
                 [(table.name, row.key, name, param(db, kept.value), kept.clock,
                   param(db, lost.value), lost.clock, noted, accounts.get(row.key))
                  for row in written for name, kept, lost in row.conflicts])
    if relay:
        order = "nextval('change_log_order')" if is_postgres(db) else "NULL"
        execute_many(db, "INSERT INTO change_log (seq, tbl, row_uuid, field, value, delta, hlc, "
                     f"base_hlc, origin, origin_seq, account_uuid) VALUES ({order}, ?, ?, ?, "
                     f"{mark}, ?, ?, ?, ?, ?, ?)",
                     [(change.table, change.row, change.field, param(db, change.value),
                       1 if change.counter else 0, change.clock, change.base, change.origin,
                       change.number, accounts.get(row.key))
                      for row in written for change in row.won])
        if not is_postgres(db):
            db.execute_sql("UPDATE change_log SET seq = id WHERE seq IS NULL AND hlc IS NOT NULL")


def _account_uuids(db: pw.Database, table: SyncedTable, keys: list[str]) -> dict[str, str]:
    """Return the uuid of the account each row belongs to (none for shared rows, or on SQLite)."""
    if not table.account_path or not is_postgres(db) or not keys:
        return {}
    found: dict[str, str] = {}
    for start in range(0, len(keys), rows.IN_LIST):
        part = keys[start:start + rows.IN_LIST]
        marks = ", ".join("?" for _ in part)
        found.update(db.execute_sql(
            f'SELECT t."{table.key}", kam_account_of(?, to_jsonb(t)) FROM "{table.name}" t '
            f'WHERE t."{table.key}" IN ({marks})', (table.account_path, *part)).fetchall())
    return found

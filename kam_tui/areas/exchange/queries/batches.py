"""Import batches: what each import created or changed, so that it can be undone exactly.

`exchange_batch` is one import; `exchange_batch_item` is one record it created (or one of our
people it added), updated or brought back from the deleted, with the form values the record had
before and the version the import left it at. Undo puts back exactly that: it removes what the
batch created and restores the values it overwrote, through the record engine, in one
transaction; a record changed since the import is left alone unless the rep says otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.domain.refusal import Refusal

CREATED, UPDATED, RESTORED = "created", "updated", "restored"
STAFF = "staff"  # an item that is one of our people, not a record kind

TABLES = (
    ("CREATE TABLE IF NOT EXISTS exchange_batch ("
    " id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,"
    " kind TEXT NOT NULL, mode TEXT NOT NULL, file TEXT NOT NULL DEFAULT '',"
    " rows INTEGER NOT NULL DEFAULT 0, undone_at TEXT)"),
    ("CREATE TABLE IF NOT EXISTS exchange_batch_item ("
    " id INTEGER PRIMARY KEY,"
    " batch_id INTEGER NOT NULL REFERENCES exchange_batch (id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL, record_id INTEGER NOT NULL, action TEXT NOT NULL,"
    " before TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1)"),
    "CREATE INDEX IF NOT EXISTS exchange_batch_item_batch ON exchange_batch_item (batch_id, id)",
)


def _db() -> pw.Database:
    return m.database_proxy.obj


def ensure_tables() -> None:
    """Create the batch tables (idempotent)."""
    for statement in TABLES:
        _db().execute_sql(statement)


def tables_exist() -> bool:
    """Return whether any import has made the batch tables yet."""
    return _db().execute_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'exchange_batch'").fetchone() is not None


def new_batch(kind: str, mode: str, file: str) -> int:
    """Start a batch; return its number."""
    ensure_tables()
    cursor = _db().execute_sql(
        "INSERT INTO exchange_batch (uuid, created_at, kind, mode, file) VALUES (?, ?, ?, ?, ?)",
        (m.new_uuid(), m.utcnow().isoformat(" ", "seconds"), kind, mode, file))
    return int(cursor.lastrowid)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


@dataclass(frozen=True)
class Item:
    """One record a batch wrote."""

    kind: str  # record kind, or STAFF
    record_id: int
    action: str  # CREATED, UPDATED or RESTORED
    before: dict[str, Any] | None = None  # form values before an update or a restore
    version: int = 1  # the version the import left the record at


def add_items(batch_id: int, items: list[Item]) -> None:
    """Record what a batch wrote."""
    if not items:
        return
    _db().connection().executemany(
        "INSERT INTO exchange_batch_item (batch_id, kind, record_id, action, before, version)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(batch_id, item.kind, item.record_id, item.action,
          json.dumps(item.before, default=_json_default, ensure_ascii=False)
          if item.before is not None else "", item.version) for item in items])


def finish_batch(batch_id: int, rows: int) -> None:
    """Note how many rows of the file the batch read, and the version each record it wrote
    has now: a later row may have changed an earlier one (a second main contact takes the
    flag from the first), which is the import's doing, not the rep's."""
    _db().execute_sql("UPDATE exchange_batch SET rows = ? WHERE id = ?", (rows, batch_id))
    kinds = [kind for (kind,) in _db().execute_sql(
        "SELECT DISTINCT kind FROM exchange_batch_item WHERE batch_id = ?", (batch_id,))]
    for kind in kinds:
        model = m.Staff if kind == STAFF else records.kind_of(kind).model
        table = model._meta.table_name
        _db().execute_sql(
            f'UPDATE exchange_batch_item SET version = coalesce((SELECT t.version FROM "{table}"'
            " t WHERE t.id = exchange_batch_item.record_id), version)"
            " WHERE batch_id = ? AND kind = ?", (batch_id, kind))


@dataclass(frozen=True)
class Batch:
    """One import as listed for undo."""

    id: int
    created_at: str
    kind: str
    mode: str
    file: str
    rows: int
    undone_at: str | None
    created: int
    updated: int


def list_batches(limit: int = 50) -> list[Batch]:
    """Return the newest imports first."""
    if not tables_exist():
        return []
    cursor = _db().execute_sql(
        "SELECT b.id, b.created_at, b.kind, b.mode, b.file, b.rows, b.undone_at,"
        " (SELECT count(*) FROM exchange_batch_item i WHERE i.batch_id = b.id"
        "  AND i.action = 'created' AND i.kind != 'staff'),"
        " (SELECT count(*) FROM exchange_batch_item i WHERE i.batch_id = b.id"
        "  AND i.action != 'created')"
        " FROM exchange_batch b ORDER BY b.id DESC LIMIT ?", (limit,))
    return [Batch(*row) for row in cursor]


def get_batch(batch_id: int) -> Batch | None:
    """Return one import, or None."""
    return next((b for b in list_batches(10**9) if b.id == batch_id), None)


class UndoRefused(Refusal):
    """The batch cannot be undone as asked; nothing was changed."""

    def __init__(self, en: str, zh: str, changed: tuple[tuple[str, int], ...] = ()) -> None:
        super().__init__(en, zh)
        self.changed = changed  # (kind, id) of records changed since the import


@dataclass
class UndoResult:
    """What an undo did."""

    batch_id: int
    removed: int = 0
    restored: int = 0


def _items(batch_id: int) -> list[tuple[str, int, str, str, int]]:
    return list(_db().execute_sql(
        "SELECT kind, record_id, action, before, version FROM exchange_batch_item"
        " WHERE batch_id = ? ORDER BY id DESC", (batch_id,)))


def _current_version(kind: str, record_id: int) -> int | None:
    model = m.Staff if kind == STAFF else records.kind_of(kind).model
    return model.select(model.version).where(model.id == record_id).scalar()


def undo_batch(batch_id: int, *, today: date, force: bool = False) -> UndoResult:
    """Undo a batch in one transaction: remove what it created, put back what it changed.

    A record changed since the import (another version) makes the whole undo refuse with
    UndoRefused, naming them, unless `force`: then those are undone too, the rep's later
    changes with them. A record already gone is skipped.
    """
    if not tables_exist():
        raise UndoRefused(f"There is no import {batch_id}", f"没有导入批次 {batch_id}")
    batch = get_batch(batch_id)
    if batch is None:
        raise UndoRefused(f"There is no import {batch_id}", f"没有导入批次 {batch_id}")
    if batch.undone_at:
        raise UndoRefused(f"Import {batch_id} was already undone ({batch.undone_at})",
                          f"导入批次 {batch_id} 已于 {batch.undone_at} 撤销")
    result = UndoResult(batch_id)
    with records.transaction():
        items = _items(batch_id)
        changed = tuple((kind, record_id) for kind, record_id, _, _, version in items
                        if (current := _current_version(kind, record_id)) is not None
                        and current != version)
        if changed and not force:
            shown = ", ".join(f"{kind} #{record_id}" for kind, record_id in changed[:10])
            more = f" and {len(changed) - 10} more" if len(changed) > 10 else ""
            raise UndoRefused(
                f"{len(changed)} records of import {batch_id} changed since: {shown}{more}; "
                "undo anyway to lose those changes too",
                f"导入批次 {batch_id} 中有 {len(changed)} 条记录在导入后被修改：{shown}；"
                "如仍要撤销，这些修改也会丢失", changed)
        for kind, record_id, action, before, _version in items:
            current = _current_version(kind, record_id)
            if current is None:
                continue
            if action == CREATED:
                _remove(kind, record_id)
                result.removed += 1
            else:
                values = json.loads(before) if before else {}
                records.save(kind, values, today=today, record_id=record_id,
                             expected_version=current)
                if action == RESTORED:
                    records.soft_delete(kind, record_id)
                result.restored += 1
        _db().execute_sql("UPDATE exchange_batch SET undone_at = ? WHERE id = ?",
                          (m.utcnow().isoformat(" ", "seconds"), batch_id))
    return result


def _remove(kind: str, record_id: int) -> None:
    """Remove a record the import created: its kind's delete hooks run, then the row goes."""
    if kind == STAFF:
        m.Staff.delete().where(m.Staff.id == record_id).execute()
        return
    model = records.kind_of(kind).model
    records.soft_delete(kind, record_id)  # an account's search text forgets a contact, …
    model.delete().where(model.id == record_id).execute()

"""A kam JSON export imported back exactly: uuids kept, a second import changes nothing.

Rows are matched by uuid (and, for the rows a natural key makes unique, such as a deal's role
for one person, by that key), a page at a time. A row kam does not have is inserted as the file
has it: every column, its version and timestamps, its id when that id is free here. A row kam
has with the same contents is left alone; one whose contents differ takes the file's contents
and a version above both (the file's version and timestamp when that is already higher), so
a form open on it sees a conflict instead of saving over the import. Nothing is deleted: a row
the file does not hold stays. A column the file leaves out (the personal file, when exported
without it) keeps what kam has.

The caller runs `import_rows` inside the record engine's transaction (records.transaction()),
after a backup: any refused row, unknown table or column, or missing reference raises, and
the transaction leaves the database as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby, islice
from typing import Any

import peewee as pw

from kam_tui.areas.exchange.queries.json_export import (
    TABLES,
    Key,
    keys_of,
    stored_form,
    table_name,
)
from kam_tui.areas.exchange.rules.json_format import JsonRefused, Row, decoded
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import is_postgres, move_id_sequence, same_as
from kam_tui.core.db.records import database

PAGE = 500
MODELS: dict[str, type[m.BaseModel]] = {table_name(model): model for model in TABLES}
# Compared to tell whether a row changed: everything but where it sits and when it was saved.
_BOOKKEEPING = frozenset({"id", "version", "updated_at"})


@dataclass
class Counts:
    """What an import did to one table's rows."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Imported:
    """What an import did, per table."""

    tables: dict[str, Counts] = field(default_factory=dict)

    def counts(self, table: str) -> Counts:
        """Return (making if needed) one table's counts."""
        return self.tables.setdefault(table, Counts())

    @property
    def new(self) -> int:
        return sum(counts.new for counts in self.tables.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.tables.values())

    @property
    def unchanged(self) -> int:
        return sum(counts.unchanged for counts in self.tables.values())


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _chunks(values: list[Any], size: int = PAGE) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _refused(table: str, uuid: Any, en: str, zh: str) -> JsonRefused:
    where = f"{table} {str(uuid)[:40]}"
    return JsonRefused(f"{where}: {en}", f"{where}：{zh}")


@dataclass
class _Pending:
    """A self-reference (a contact's boss) set once every row of its table is in."""

    uuid: str
    target: str | None
    version: Any
    updated_at: Any
    state: str  # "new", "updated" or "unchanged"


class _Table:
    """How one table's rows are read from the file and written here."""

    def __init__(self, model: type[m.BaseModel]) -> None:
        self.model = model
        self.name = table_name(model)
        self.keys: dict[str, Key] = {key.name: key for key in keys_of(model)}
        self.columns = {key.column for key in self.keys.values()}
        self.self_refs = {key.name for key in self.keys.values() if key.target == self.name}
        self.unique = [tuple(model._meta.fields[name].column_name for name in names)
                       for names, unique in model._meta.indexes if unique]
        self.booleans = {field.column_name for field in model._meta.sorted_fields
                         if isinstance(field, pw.BooleanField)}


class Importer:
    """Imports (table, row) pairs in file order; see the module's description."""

    def __init__(self) -> None:
        self.db = database()
        self.result = Imported()
        self.pending: dict[str, list[_Pending]] = {}
        self.tables = {name: _Table(model) for name, model in MODELS.items()}
        self.typed = is_postgres(self.db)
        # Tables rows went into with their own ids since their id sequence last moved past.
        self.unsequenced: set[str] = set()

    def run(self, rows: Iterable[Row]) -> Imported:
        for name, group in groupby(rows, key=lambda pair: pair[0]):
            table = self.tables.get(name) if isinstance(name, str) else None
            if table is None:
                raise JsonRefused(f"Unknown table {str(name)[:40]!r}",
                                  f"未知的表 {str(name)[:40]!r}")
            self.result.counts(table.name)
            records = (row for _, row in group)
            while page := list(islice(records, PAGE)):
                self._page(table, page)
        for name, pending in self.pending.items():
            self._self_refs(self.tables[name], pending)
        for name in sorted(self.unsequenced):
            move_id_sequence(self.db, name)
        return self.result

    # --- values as each engine stores them -----------------------------------------------

    def _stored(self, cursor: Any, values: Any) -> dict[str, Any]:
        """Return a stored row as a dict of the values as the file holds them."""
        names = [column[0] for column in cursor.description]
        if self.typed:
            values = [stored_form(value) for value in values]
        return dict(zip(names, values))

    def _bound(self, table: _Table, data: dict[str, Any]) -> list[Any]:
        """Return the values of columns to write; PostgreSQL's BOOLEAN takes no 0 and 1."""
        if not self.typed:
            return list(data.values())
        return [bool(value) if column in table.booleans and isinstance(value, int) else value
                for column, value in data.items()]

    # --- reading a page ------------------------------------------------------------------

    def _clean(self, table: _Table, row: dict[str, Any]) -> dict[str, Any]:
        uuid = row.get("uuid")
        if not isinstance(uuid, str) or not uuid or len(uuid) > 64:
            raise _refused(table.name, uuid, "a row without a uuid", "缺少 uuid 的行")
        unknown = [key for key in row if key not in table.keys]
        if unknown:
            raise _refused(table.name, uuid, f"unknown column {unknown[0][:40]!r}",
                           f"未知的列 {unknown[0][:40]!r}")
        try:
            return {key: decoded(value) for key, value in row.items()}
        except JsonRefused as error:
            raise _refused(table.name, uuid, error.en, error.zh) from None

    def _ids(self, target: str, uuids: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(uuids)):
            marks = ", ".join("?" * len(chunk))
            found.update(self.db.execute_sql(
                f"SELECT uuid, id FROM {_q(target)} WHERE uuid IN ({marks})", chunk).fetchall())
        return found

    def _resolve(self, table: _Table, rows: list[dict[str, Any]]) -> None:
        """Replace each foreign key's uuid by the local id (self-references wait)."""
        for key in table.keys.values():
            if not key.target or key.name in table.self_refs:
                continue
            wanted = {row[key.name] for row in rows if row.get(key.name) is not None}
            if not wanted:
                continue
            ids = self._ids(key.target, {str(uuid) for uuid in wanted})
            for row in rows:
                uuid = row.get(key.name)
                if uuid is None:
                    continue
                if str(uuid) not in ids:
                    raise _refused(table.name, row["uuid"],
                                   f"its {key.name} {str(uuid)[:40]} is neither here nor "
                                   "earlier in the file", f"其 {key.name} {str(uuid)[:40]} "
                                   "在数据库和文件前文中都不存在")
                row[key.name] = ids[str(uuid)]

    def _existing(self, table: _Table, uuids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(uuids):
            marks = ", ".join("?" * len(chunk))
            cursor = self.db.execute_sql(
                f"SELECT * FROM {_q(table.name)} WHERE uuid IN ({marks})", chunk)
            for values in cursor.fetchall():
                stored = self._stored(cursor, values)
                found[stored["uuid"]] = stored
        return found

    def _by_natural_key(self, table: _Table, row: dict[str, Any]) -> dict[str, Any] | None:
        """Return the stored row a unique key other than the uuid says is this one."""
        for columns in table.unique:
            values = [self._value(table, row, column) for column in columns]
            if any(value is _MISSING for value in values):
                continue
            condition = " AND ".join(same_as(_q(column), "?") for column in columns)
            cursor = self.db.execute_sql(
                f"SELECT * FROM {_q(table.name)} WHERE {condition} LIMIT 1",
                self._bound(table, dict(zip(columns, values))))
            stored = cursor.fetchone()
            if stored is not None:
                return self._stored(cursor, stored)
        return None

    def _value(self, table: _Table, row: dict[str, Any], column: str) -> Any:
        for key in table.keys.values():
            if key.column == column:
                return row.get(key.name, _MISSING)
        return _MISSING

    # --- writing a page ------------------------------------------------------------------

    def _page(self, table: _Table, page: list[dict[str, Any]]) -> None:
        rows = [self._clean(table, row) for row in page]
        self._resolve(table, rows)
        existing = self._existing(table, [row["uuid"] for row in rows])
        free = self._free_ids(table, [row.get("id") for row in rows
                                      if row["uuid"] not in existing])
        counts = self.result.counts(table.name)
        for row in rows:
            stored = existing.get(row["uuid"])
            if stored is None and table.unique:
                stored = self._by_natural_key(table, row)
            try:
                if stored is None:
                    state = self._insert(table, row, free)
                else:
                    state = self._update(table, row, stored)
            except (sqlite3.IntegrityError, pw.IntegrityError, pw.DataError) as error:
                raise _refused(table.name, row["uuid"], f"refused by the database ({error})",
                               f"被数据库拒绝（{error}）") from None
            setattr(counts, state, getattr(counts, state) + 1)
            for name in table.self_refs:
                if name in row:
                    target = row[name]
                    self.pending.setdefault(table.name, []).append(_Pending(
                        row["uuid"], None if target is None else str(target), row.get("version"),
                        row.get("updated_at"), state))

    def _free_ids(self, table: _Table, wanted: list[Any]) -> set[int]:
        ids = {value for value in wanted if isinstance(value, int) and not isinstance(value, bool)
               and value > 0}
        taken: set[int] = set()
        for chunk in _chunks(sorted(ids)):
            marks = ", ".join("?" * len(chunk))
            taken.update(value for (value,) in self.db.execute_sql(
                f"SELECT id FROM {_q(table.name)} WHERE id IN ({marks})", chunk).fetchall())
        return ids - taken

    def _columns(self, table: _Table, row: dict[str, Any]) -> dict[str, Any]:
        """Return the row as SQL columns, without the id and the self-references."""
        return {table.keys[name].column: value for name, value in row.items()
                if name != "id" and name not in table.self_refs}

    def _insert(self, table: _Table, row: dict[str, Any], free: set[int]) -> str:
        data = {**self._defaults(table, row), **self._columns(table, row)}
        if row.get("id") in free:
            data = {"id": row["id"], **data}
            free.discard(row["id"])
            self.unsequenced.add(table.name)
        elif table.name in self.unsequenced:  # the next id must not be one just taken
            move_id_sequence(self.db, table.name)
            self.unsequenced.discard(table.name)
        names = ", ".join(_q(column) for column in data)
        marks = ", ".join("?" * len(data))
        self.db.execute_sql(f"INSERT INTO {_q(table.name)} ({names}) VALUES ({marks})",
                            self._bound(table, data))
        return "new"

    def _defaults(self, table: _Table, row: dict[str, Any]) -> dict[str, Any]:
        """Return what a new row takes for the columns the file leaves out (the personal file
        of an export made without it): the model's defaults, as the forms would store them."""
        out: dict[str, Any] = {}
        for name, key in table.keys.items():
            if name in row or name == "id" or name in table.self_refs:
                continue
            spec = table.model._meta.fields[name]
            value = spec.default() if callable(spec.default) else spec.default
            if value is None and not spec.null:
                raise _refused(table.name, row["uuid"], f"its {name} is missing",
                               f"缺少 {name}")
            if isinstance(value, (date, datetime)):
                value = str(value)
            out[key.column] = value
        return out

    def _update(self, table: _Table, row: dict[str, Any], stored: dict[str, Any]) -> str:
        data = self._columns(table, row)
        changed = {column: value for column, value in data.items()
                   if column not in _BOOKKEEPING and not _same(stored.get(column), value)}
        if not changed:
            return "unchanged"
        self._write_changes(table, stored, changed, row.get("version"), row.get("updated_at"))
        return "updated"

    def _write_changes(self, table: _Table, stored: dict[str, Any], changed: dict[str, Any],
                       version: Any, updated_at: Any) -> None:
        local = stored.get("version") if isinstance(stored.get("version"), int) else 0
        theirs = version if isinstance(version, int) and not isinstance(version, bool) else 0
        if theirs > local:
            changed = {**changed, "version": theirs, "updated_at": updated_at}
        else:
            changed = {**changed, "version": local + 1,
                       "updated_at": str(m.utcnow())}
        assignments = ", ".join(f"{_q(column)} = ?" for column in changed)
        self.db.execute_sql(f"UPDATE {_q(table.name)} SET {assignments} WHERE id = ?",
                            [*self._bound(table, changed), stored["id"]])
        stored.update(changed)

    def _self_refs(self, table: _Table, pending: list[_Pending]) -> None:
        """Point each row at its boss once every row of the table is in."""
        counts = self.result.counts(table.name)
        for name in table.self_refs:
            column = table.keys[name].column
            ids = self._ids(table.name, {p.target for p in pending if p.target is not None})
            for each in pending:
                if each.target is not None and each.target not in ids:
                    raise _refused(table.name, each.uuid,
                                   f"its {name} {each.target[:40]} is neither here nor in "
                                   "the file", f"其 {name} {each.target[:40]} 在数据库和文件中都不存在")
                wanted = None if each.target is None else ids[each.target]
                cursor = self.db.execute_sql(
                    f"SELECT * FROM {_q(table.name)} WHERE uuid = ?", [each.uuid])
                stored = self._stored(cursor, cursor.fetchone())
                if _same(stored[column], wanted):
                    continue
                if each.state == "unchanged":
                    self._write_changes(table, stored, {column: wanted}, each.version,
                                        each.updated_at)
                    counts.unchanged -= 1
                    counts.updated += 1
                else:  # the row was just written: this is the rest of that same write
                    self.db.execute_sql(f"UPDATE {_q(table.name)} SET {_q(column)} = ? "
                                        "WHERE id = ?", [wanted, stored["id"]])


_MISSING = object()


def _same(stored: Any, value: Any) -> bool:
    return type(stored) is type(value) and stored == value or (
        stored == value and not isinstance(stored, (str, bytes))
        and not isinstance(value, (str, bytes)))


def import_rows(rows: Iterable[Row]) -> Imported:
    """Import (table, row) pairs of a kam JSON export; run inside records.transaction()."""
    return Importer().run(rows)

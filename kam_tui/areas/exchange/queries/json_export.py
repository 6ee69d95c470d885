"""The JSON export's read: every table, every column, the stored values exactly as stored.

Read raw (not through the models' tolerant types), so a value that does not parse leaves as it
is stored and comes back the same; deleted rows go too (with their deleted_at), and so does
every version and timestamp. A foreign key is written as the uuid of the row it points to, so
the file moves between machines whose ids differ; the id goes along for information (an import
keeps it where it is free). Settings stay behind: they are one machine's preferences and name
its local ids. A contact's personal file and birthday revisits go only with include_personal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import distinct_from, is_postgres
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.vocab import CadenceRule

PAGE = 1000
TABLES: tuple[type[m.BaseModel], ...] = tuple(
    model for model in m.ALL_MODELS if issubclass(model, m.BaseModel))  # no settings
PERSONAL_COLUMNS: dict[str, frozenset[str]] = {
    "contact": frozenset(spec.name for spec in f.CONTACT_FIELDS if spec.private),
}


def table_name(model: type[pw.Model]) -> str:
    """Return a model's table name, as the JSON names it."""
    return model._meta.table_name


@dataclass(frozen=True)
class Key:
    """One key of an exported row: the column it reads, and the table a foreign key names."""

    name: str  # the key in the JSON row: the field name (`account`, `reports_to`, `name`)
    column: str  # the SQL column (`account_id`, `name`)
    target: str = ""  # for a foreign key: the table whose uuid the key holds


def keys_of(model: type[m.BaseModel], *, include_personal: bool = True) -> tuple[Key, ...]:
    """Return the keys of a table's exported rows, in column order."""
    hidden = frozenset() if include_personal else PERSONAL_COLUMNS.get(table_name(model),
                                                                        frozenset())
    keys = []
    for field in model._meta.sorted_fields:
        if field.name in hidden:
            continue
        if isinstance(field, pw.ForeignKeyField):
            keys.append(Key(field.name, field.column_name, table_name(field.rel_model)))
        else:
            keys.append(Key(field.name, field.column_name))
    return tuple(keys)


def foreign_keys() -> dict[str, dict[str, str]]:
    """Return, per table, which keys hold the uuid of which table's rows (for the header)."""
    return {table_name(model): {key.name: key.target for key in keys_of(model) if key.target}
            for model in TABLES}


def stored_form(value: Any) -> Any:
    """Return a value as SQLite stores it: PostgreSQL's typed dates, timestamps and booleans
    as the text and 0/1 SQLite keeps, so a file is the same whichever engine wrote it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(" ")  # what Python's sqlite3 stores for a datetime
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(model: type[m.BaseModel], keys: tuple[Key, ...], where: str) -> str:
    parts = []
    for key in keys:
        if key.target:
            parts.append(f"(SELECT p.uuid FROM {_q(key.target)} p "
                         f"WHERE p.id = t.{_q(key.column)})")
        else:
            parts.append(f"t.{_q(key.column)}")
    return (f"SELECT {', '.join(parts)} FROM {_q(table_name(model))} t "
            f"WHERE t.id > ? {where} ORDER BY t.id LIMIT ?")


def table_rows(db: pw.Database, model: type[m.BaseModel], *, include_personal: bool
               ) -> Iterator[dict[str, Any]]:
    """Yield a table's rows as stored, a page at a time in id order, foreign keys as uuids."""
    keys = keys_of(model, include_personal=include_personal)
    where = ""
    if model is m.Revisit and not include_personal:
        birthday = f"'{CadenceRule.BIRTHDAY.value}'"
        where = f"AND {distinct_from('t.rule', birthday)}"
    sql = _select(model, keys, where)
    names = [key.name for key in keys]
    position = names.index("id")
    typed = is_postgres(db)
    last = 0
    while True:
        batch = db.execute_sql(sql, (last, PAGE)).fetchall()
        for values in batch:
            if typed:
                values = [stored_form(value) for value in values]
            yield dict(zip(names, values))
        if len(batch) < PAGE:
            return
        last = batch[-1][position]

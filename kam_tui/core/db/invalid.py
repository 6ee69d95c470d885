"""Finding stored values that do not parse as their field type, for kam check and the forms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import peewee as pw

from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.db.models import ALL_MODELS


@dataclass(frozen=True)
class InvalidValue:
    """One stored value that does not parse: where it is and its raw text."""

    table: str
    row_id: object
    field: str
    raw: str


def _checked(model: type[pw.Model]) -> list[tuple[pw.Field, str]]:
    """Return the model's fields that can hold a bad value, with their SQL validity check."""
    checks = []
    for field in model._meta.sorted_fields:
        valid_sql = getattr(field, "valid_sql", None)
        if callable(valid_sql):
            checks.append((field, valid_sql(_quoted(field.column_name))))
    return checks


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _raw(column: str) -> str:
    # CAST shows what was stored ('Inf', 'garbage', ''); a blob shows as hex, never as bytes.
    if is_postgres():
        return f"CAST({column} AS TEXT)"  # typed columns: no blobs, only out-of-range values
    return f"CASE WHEN typeof({column}) = 'blob' THEN 'x' || quote({column}) " \
           f"ELSE CAST({column} AS TEXT) END"


def scan_invalid(db: pw.Database, limit_per_column: int | None = None
                 ) -> Iterator[InvalidValue]:
    """Yield every stored value of every model that does not parse, one query per column."""
    for model in ALL_MODELS:
        table = model._meta.table_name
        key = _quoted(model._meta.primary_key.column_name)
        for field, check in _checked(model):
            column = _quoted(field.column_name)
            sql = (f"SELECT {key}, {_raw(column)} FROM {_quoted(table)} "
                   f"WHERE NOT {check} ORDER BY {key}")
            if limit_per_column is not None:
                sql += f" LIMIT {int(limit_per_column)}"
            for row_id, raw in db.execute_sql(sql).fetchall():
                yield InvalidValue(table, row_id, field.name, "" if raw is None else raw)


def invalid_fields(model_cls: type[pw.Model], row_id: object) -> dict[str, str]:
    """Return the raw stored text of each field of one row that does not parse, by field name."""
    checks = _checked(model_cls)
    if not checks:
        return {}
    columns = ", ".join(f"{check}, {_raw(_quoted(field.column_name))}" for field, check in checks)
    key = _quoted(model_cls._meta.primary_key.column_name)
    row = model_cls._meta.database.execute_sql(
        f"SELECT {columns} FROM {_quoted(model_cls._meta.table_name)} WHERE {key} = ?",
        (row_id,)).fetchone()
    if row is None:
        return {}
    found: dict[str, str] = {}
    for index, (field, _) in enumerate(checks):
        valid, raw = row[2 * index], row[2 * index + 1]
        if not valid:
            found[field.name] = "" if raw is None else raw
    return found

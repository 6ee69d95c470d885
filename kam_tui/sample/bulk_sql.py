"""SQL for bulk loads: INSERTs with fixed values inlined, and removing a database file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import peewee as pw


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert_sql(model: type[pw.Model], columns: Sequence[str],
               fixed: dict[str, Any] | None = None) -> str:
    """Return an INSERT for model: `columns` as parameters, everything else as SQL literals.

    Literals come from `fixed`, else from the field's static default; nullable fields without one
    are left out (NULL). A NOT NULL field with only a callable default must be given.
    """
    fixed = fixed or {}
    names: list[str] = []
    values: list[str] = []
    for field in model._meta.sorted_fields:
        column = field.column_name
        if column in columns:
            names.append(column)
            values.append("?")
        elif column in fixed:
            names.append(column)
            values.append(_literal(fixed[column]))
        elif field.primary_key:
            continue
        elif field.default is not None and not callable(field.default):
            names.append(column)
            values.append(_literal(field.db_value(field.default)))
        elif not field.null:
            raise ValueError(f"{model.__name__}.{column} needs a value")
    unknown = (set(columns) | set(fixed)) - {f.column_name for f in model._meta.sorted_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    quoted = ", ".join(f'"{name}"' for name in names)
    return (f'INSERT INTO "{model._meta.table_name}" ({quoted}) '
            f"VALUES ({', '.join(values)})")


def remove_database_files(path: Path) -> None:
    """Delete a database file and its -wal, -shm and -journal companions if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)



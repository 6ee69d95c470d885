"""What differs between SQLite and PostgreSQL in hand-written SQL, decided in one place.

Hand-written statements are written once, in SQLite's spelling with `?` placeholders; on
PostgreSQL `KamPostgres.execute_sql` turns the placeholders into psycopg's `%s` (doubling a
literal `%`), and the fragments below give each engine its own spelling of what is not the same
(case-blind order, months, joined lists, row-value checks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import peewee as pw



# What the models are bound to: opening a database initialises it (models.py re-exports it).
database_proxy = pw.DatabaseProxy()


class KamPostgres(pw.PostgresqlDatabase):
    """PostgreSQL through psycopg 3, taking the app's `?`-placeholder SQL as SQLite does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefer_psycopg3"] = True
        super().__init__(*args, **kwargs)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        """Run sql, translating `?` placeholders when the statement is the app's own."""
        if not params:
            # Peewee hands psycopg an empty tuple, and psycopg then reads every `%`.
            return super().execute_sql(sql.replace("%", "%%"), params)
        return super().execute_sql(to_pyformat(sql), params)


def to_pyformat(sql: str) -> str:
    """Return sql with `?` placeholders as `%s` and literal `%` doubled, quotes respected.

    Peewee writes `%s` itself and never `?`, so a statement without `?` is left as it is.
    """
    if "?" not in sql:
        return sql
    out: list[str] = []
    quote = ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


def current() -> pw.Database:
    """Return the database the models are bound to."""
    return database_proxy.obj


def is_postgres(db: pw.Database | None = None) -> bool:
    """Return whether db (by default the bound database) is PostgreSQL."""
    return isinstance(db if db is not None else current(), pw.PostgresqlDatabase)


def execute_many(db: pw.Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Run one `?`-placeholder statement for many rows, on either engine."""
    if is_postgres(db):
        with db.cursor() as cursor:
            cursor.executemany(to_pyformat(sql), list(rows))
    else:
        db.connection().executemany(sql, rows)


def nocase(column: str) -> str:
    """SQL ordering or comparing column without regard to case."""
    return f"lower({column})" if is_postgres() else f"{column} COLLATE NOCASE"


def month_of(column: str) -> str:
    """SQL for the YYYY-MM of a date column."""
    return f"to_char({column}, 'YYYY-MM')" if is_postgres() else f"substr({column}, 1, 7)"


def joined(expression: str, separator: str = ",") -> str:
    """SQL aggregating expression's values of a group into one text."""
    if is_postgres():
        return f"string_agg(CAST({expression} AS TEXT), '{separator}')"
    return f"group_concat({expression}, '{separator}')"


def true() -> str:
    """SQL for a true boolean value (SQLite keeps booleans as 1 and 0)."""
    return "TRUE" if is_postgres() else "1"


def false() -> str:
    """SQL for a false boolean value."""
    return "FALSE" if is_postgres() else "0"


def no_index(column: str) -> str:
    """SQL for column that SQLite's planner will not pick an index for (unary plus).

    PostgreSQL has no unary plus for text or timestamps and plans by statistics instead.
    """
    return column if is_postgres() else f"+{column}"


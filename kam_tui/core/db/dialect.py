"""What differs between SQLite and PostgreSQL in hand-written SQL, decided in one place.

Hand-written statements are written once, in SQLite's spelling with `?` placeholders; on
PostgreSQL `KamPostgres.execute_sql` turns the placeholders into psycopg's `%s` (doubling a
literal `%`), and the fragments below give each engine its own spelling of what is not the same
(case-blind order, months, joined lists, row-value checks).
"""

from __future__ import annotations

import hashlib
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
        """Run sql, translating `?` placeholders; a read outside a transaction that finds the
        connection lost (the server restarted, the network dropped) reconnects once."""
        # Peewee hands psycopg an empty tuple, and psycopg then reads every `%`.
        sql = sql.replace("%", "%%") if not params else to_pyformat(sql)
        try:
            return super().execute_sql(sql, params)
        except (pw.OperationalError, pw.InterfaceError):
            if not self._lost() or self.in_transaction():
                raise
            self._forget_connection()
            if sql.lstrip()[:6].upper() != "SELECT":
                raise  # a write may have reached the server: the rep saves again, knowingly
            return super().execute_sql(sql, params)

    def begin(self, *args: Any, **kwargs: Any) -> None:
        """Begin a transaction, on a new connection when the old one was lost (nothing sent)."""
        try:
            super().begin(*args, **kwargs)
        except (pw.OperationalError, pw.InterfaceError):
            if not self._lost():
                raise
            self._forget_connection()  # peewee pushes the transaction only once begun
            super().begin(*args, **kwargs)

    def _lost(self) -> bool:
        """Return whether this thread's connection is gone (psycopg marks it broken)."""
        conn = self._state.conn
        return conn is not None and (conn.closed or conn.broken)

    def _forget_connection(self) -> None:
        """Drop this thread's dead connection so that the next statement opens a new one."""
        conn = self._state.conn
        self._state.reset()
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - it is already gone; closing is a courtesy
            pass


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
    """Return whether db (by default the bound database; a proxy counts as what it holds) is
    PostgreSQL."""
    if db is None or isinstance(db, pw.DatabaseProxy):
        db = current()
    return isinstance(db, pw.PostgresqlDatabase)


_DRIVER_ERRORS_AS_PEEWEE = getattr(pw, "__exception_wrapper__")  # what execute_sql raises through


def execute_many(db: pw.Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Run one `?`-placeholder statement for many rows, on either engine (the driver's errors
    raised as Peewee's, as from execute_sql)."""
    with _DRIVER_ERRORS_AS_PEEWEE:
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


def locked(query: Any) -> Any:
    """Return a Peewee query that locks the rows it reads until the transaction ends.

    SQLite's IMMEDIATE transaction already keeps other writers out; PostgreSQL's plain one
    would let two writers both pass a check made on what they read (FOR UPDATE there).
    """
    return query.for_update() if is_postgres() else query


def no_index(column: str) -> str:
    """SQL for column that SQLite's planner will not pick an index for (unary plus).

    PostgreSQL has no unary plus for text or timestamps and plans by statistics instead.
    """
    return column if is_postgres() else f"+{column}"



def sum_int(expression: str) -> str:
    """SQL summing whole numbers to a whole number (PostgreSQL's SUM of BIGINT is numeric)."""
    if is_postgres():
        return f"CAST(SUM({expression}) AS BIGINT)"
    return f"SUM({expression})"


def distinct_from(left: str, right: str) -> str:
    """SQL that holds when left and right differ, NULL counting as a value (SQLite's IS NOT)."""
    if is_postgres():
        return f"({left} IS DISTINCT FROM {right})"
    return f"({left} IS NOT {right})"


def same_as(left: str, right: str) -> str:
    """SQL that holds when left and right are equal, NULL counting as a value (SQLite's IS)."""
    if is_postgres():
        return f"({left} IS NOT DISTINCT FROM {right})"
    return f"({left} IS {right})"


def move_id_sequence(db: pw.Database, table: str) -> None:
    """Move table's id sequence past its largest id, after rows were inserted with their ids.

    SQLite picks max(rowid) + 1 by itself; PostgreSQL's sequence does not see explicit ids,
    and the next record made would collide with one of them. The sequence never moves back.
    """
    if not is_postgres(db):
        return
    quoted = '"' + table.replace('"', '""') + '"'
    sequence = db.execute_sql("SELECT pg_get_serial_sequence(?, 'id')", (quoted,)).fetchone()[0]
    if sequence is None:
        return
    db.execute_sql(f"SELECT setval(?, greatest(max(id), (SELECT last_value FROM {sequence})))"
                   f" FROM {quoted} HAVING max(id) IS NOT NULL", (sequence,))


# --- dates, parameters and patterns (the calendar's revisit generation) ----------------------


def add_days(expr: str, days: str) -> str:
    """SQL for the date days (an SQL integer expression) after the date expr."""
    if is_postgres():
        # date + integer is a date; a BIGINT column has no such operator without the cast.
        return f"(CAST({expr} AS date) + CAST(({days}) AS integer))"
    return f"date({expr}, '+' || ({days}) || ' days')"


def add_months(expr: str, months: str) -> str:
    """SQL for the date months after the date expr, a month end clamped (31 Jan + 1 = 28 Feb).

    SQLite rolls 31 Jan + 1 month into March, so it is clamped by hand; PostgreSQL's interval
    arithmetic clamps by itself.
    """
    if is_postgres():
        return (f"CAST(CAST({expr} AS date) + make_interval(months => CAST(({months}) AS integer))"
                f" AS date)")
    plus = f"'+' || ({months}) || ' months'"
    return (f"(CASE WHEN strftime('%d', date({expr}, {plus})) = strftime('%d', {expr}) "
            f"THEN date({expr}, {plus}) "
            f"ELSE date({expr}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day')"
            f" END)")


def day_of(expr: str) -> str:
    """SQL for the date of a timestamp (or date) expression."""
    return f"CAST({expr} AS date)" if is_postgres() else f"date({expr})"


def larger(first: str, second: str) -> str:
    """SQL for the larger of two values (SQLite's two-argument MAX; NULL if either is, there)."""
    return f"GREATEST({first}, {second})" if is_postgres() else f"MAX({first}, {second})"


def smaller(first: str, second: str) -> str:
    """SQL for the smaller of two values (SQLite's two-argument MIN)."""
    return f"LEAST({first}, {second})" if is_postgres() else f"MIN({first}, {second})"


def weekday_of(column: str) -> str:
    """SQL for the day of the week of a date, 0 for Sunday to 6 for Saturday.

    Compare it with a quoted digit ('6'): SQLite's strftime gives text, PostgreSQL a number
    that the untyped literal is read as.
    """
    if is_postgres():
        return f"CAST(EXTRACT(DOW FROM {column}) AS integer)"
    return f"strftime('%w', {column})"


def month_day_of(column: str) -> str:
    """SQL for the MM-DD of a date column."""
    return f"to_char({column}, 'MM-DD')" if is_postgres() else f"substr({column}, 6, 5)"


def month_number_of(column: str) -> str:
    """SQL for the two-digit MM of a date column."""
    return f"to_char({column}, 'MM')" if is_postgres() else f"substr({column}, 6, 2)"


def as_text(expr: str) -> str:
    """SQL for expr as text: on PostgreSQL a date reads as YYYY-MM-DD, as SQLite stores it."""
    return f"CAST({expr} AS text)" if is_postgres() else expr


def glob(column: str, pattern: str) -> str:
    """SQL that holds when column matches the GLOB pattern (`*`, `?`, `[...]` only)."""
    if not is_postgres():
        return f"{column} GLOB '{pattern}'"
    regex: list[str] = []
    in_class = False
    for char in pattern:
        if in_class:
            regex.append(char)
            in_class = char != "]"
        elif char == "[":
            regex.append(char)
            in_class = True
        elif char == "*":
            regex.append(".*")
        elif char == "?":
            regex.append(".")
        else:
            regex.append("\\" + char if char in ".^$+(){}|\\" else char)
    return f"{column} ~ '^{''.join(regex)}$'"


def sql_md5(text: object) -> str | None:
    """Return the md5 of text as 32 hex digits, as PostgreSQL's md5() does (SQLite's md5)."""
    return None if text is None else hashlib.md5(str(text).encode("utf-8")).hexdigest()


def named_hex_id(parts: Sequence[str]) -> str:
    """SQL for 32 hex digits named by the SQL texts in parts: the same wherever it is made."""
    return "md5(" + " || '|' || ".join(f"COALESCE({as_text(part)}, '')" for part in parts) + ")"


def random_hex_id() -> str:
    """SQL for 32 random hex digits, the form of the app's uuid column."""
    if is_postgres():
        return "replace(CAST(gen_random_uuid() AS text), '-', '')"
    return "lower(hex(randomblob(16)))"


def json_ids(placeholder: str = "?") -> str:
    """SQL for a subquery of the whole numbers in the JSON array bound to placeholder."""
    if is_postgres():
        return (f"(SELECT CAST(value AS bigint) FROM "
                f"json_array_elements_text(CAST({placeholder} AS json)))")
    return f"(SELECT value FROM json_each({placeholder}))"


def named(sql: str) -> str:
    """Return sql with `:name` placeholders as psycopg's `%(name)s` on PostgreSQL.

    SQLite reads `:name` itself, so there sql is returned as it is. On PostgreSQL a literal `%`
    is doubled and `::` casts and quoted text are left alone; such a statement holds no `?`
    (KamPostgres would translate it again).
    """
    if not is_postgres():
        return sql
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(sql):
        char = sql[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif (char == ":" and i + 1 < len(sql) and (sql[i + 1].isalpha() or sql[i + 1] == "_")
              and (i == 0 or sql[i - 1] != ":")):
            end = i + 1
            while end < len(sql) and (sql[end].isalnum() or sql[end] == "_"):
                end += 1
            out.append(f"%({sql[i + 1:end]})s")
            i = end
            continue
        out.append("%%" if char == "%" else char)
        i += 1
    return "".join(out)

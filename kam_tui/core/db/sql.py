"""Small helpers for hand-written SQL: LIKE patterns, reading stored values back tolerantly."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from kam_tui.core.db.dialect import is_postgres

# The largest amount the app takes as real: beyond it a stored number is a fault, not money.
AMOUNT_LIMIT = 10**15
# The forms Peewee writes: a date, and a timestamp with optional microseconds.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?)?")


def like(term: str) -> str:
    """Return a LIKE pattern matching term anywhere, with its wildcards taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def as_datetime(value: Any) -> datetime | None:
    """Return a stored timestamp (a datetime or ISO text) as a datetime; empty or bad is None."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    if not isinstance(value, str) or not _DATETIME.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:  # a day or time that does not exist, such as 2026-02-30
        return None


def as_date(value: Any) -> date | None:
    """Return a stored date (a date, a datetime or ISO text) as a date; empty or bad is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    moment = as_datetime(value)
    return moment.date() if moment is not None else None


def as_int(value: Any, limit: int = AMOUNT_LIMIT) -> int | None:
    """Return a stored whole number, or None when it is text, not finite or beyond limit."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value) if abs(value) < limit else None


def as_float(value: Any) -> float | None:
    """Return a stored number as a float, or None when it is text or not finite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# --- the same checks in SQL, for aggregates and range queries --------------------------------
# SQLite's date() keeps 2026-02-30 as it is; a '+0 days' modifier makes it normalise the day,
# so only a real date comes back unchanged. PostgreSQL's typed columns hold nothing else, so
# there every stored value is valid and the checks are the column itself.


def sql_valid_date(column: str) -> str:
    """SQL that holds when column is NULL or a real date as the app stores it."""
    if is_postgres():
        return "TRUE"
    return f"({_real_date(column)} OR {sql_valid_datetime(column)})"


def _real_date(column: str) -> str:
    return f"(date({column}, '+0 days') IS {column})"


def sql_valid_datetime(column: str) -> str:
    """SQL that holds when column is NULL, a real date, or a timestamp as Peewee stores it."""
    if is_postgres():
        return "TRUE"
    fraction = f"substr({column}, 21)"
    return (f"({column} IS NULL OR {_real_date(column)} "
            # Whole seconds only: datetime() rounds a fraction of .9995 up to the next second.
            f"OR (datetime(substr({column}, 1, 19), '+0 days') IS substr({column}, 1, 19) "
            f"AND (length({column}) = 19 "
            f"OR (substr({column}, 20, 1) = '.' AND length({column}) BETWEEN 21 AND 26 "
            f"AND {fraction} NOT GLOB '*[^0-9]*'))))")


def sql_date(column: str) -> str:
    """SQL for column when it is a real date (YYYY-MM-DD), else NULL: bad rows drop out."""
    if is_postgres():
        return column
    return f"(CASE WHEN {_real_date(column)} THEN {column} END)"


def sql_valid_number(column: str, limit: float = AMOUNT_LIMIT) -> str:
    """SQL that holds when column is NULL or a finite number smaller than limit."""
    if is_postgres():
        return f"({column} IS NULL OR abs({column}) < {limit:g})"
    return (f"({column} IS NULL OR (typeof({column}) IN ('integer', 'real') "
            f"AND abs({column}) < {limit:g}))")


def sql_number(column: str, limit: float = AMOUNT_LIMIT) -> str:
    """SQL for column when it is a finite number smaller than limit, else NULL."""
    if is_postgres():
        return f"(CASE WHEN abs({column}) < {limit:g} THEN {column} END)"
    return (f"(CASE WHEN typeof({column}) IN ('integer', 'real') AND abs({column}) < {limit:g} "
            f"THEN {column} END)")

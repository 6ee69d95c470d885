"""Small helpers for hand-written SQL: LIKE patterns and reading stored dates back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def like(term: str) -> str:
    """Return a LIKE pattern matching term anywhere, with its wildcards taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def as_date(value: Any) -> date | None:
    """Return a stored date (a date, a datetime or ISO text) as a date; empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    """Return a stored timestamp (a datetime or ISO text) as a datetime; empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))

"""Dates as reps type them: ISO, slashes, compact digits, and shorthands relative to today."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwmy天周月年]?)$")
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")

_WORDS = {
    "today": 0, "t": 0, "今天": 0, "今日": 0,
    "tomorrow": 1, "tmr": 1, "明天": 1, "明日": 1,
    "yesterday": -1, "昨天": -1, "昨日": -1,
    "后天": 2, "前天": -2,
}

DATE_HINT_EN = "YYYY-MM-DD, or today, tomorrow, +3d, -2w, +1m, 11-30, 20261130"
DATE_HINT_ZH = "YYYY-MM-DD，或 今天、明天、+3d、-2w、+1m、11-30、20261130"


class DateParseError(ValueError):
    """The text is not a date this parser understands."""


def add_months(day: date, months: int) -> date:
    """Return the same day of month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateParseError(f"{year:04d}-{month:02d}-{day:02d} is not a real date") from error


def parse_date(text: str, today: date) -> date | None:
    """Parse a typed date; empty text gives None, unreadable text raises DateParseError."""
    raw = text.strip().lower()
    if not raw:
        return None
    if raw in _WORDS:
        return today + timedelta(days=_WORDS[raw])
    if match := _RELATIVE.match(raw):
        sign, number, unit = match.groups()
        amount = int(number) * (1 if sign == "+" else -1)
        try:
            if unit in ("", "d", "天"):
                return today + timedelta(days=amount)
            if unit in ("w", "周"):
                return today + timedelta(weeks=amount)
            if unit in ("m", "月"):
                return add_months(today, amount)
            return add_months(today, amount * 12)
        except (ValueError, OverflowError) as error:  # beyond year 1..9999
            raise DateParseError(f"{text.strip()!r} is out of the calendar's range") from error
    if match := _FULL.match(raw) or _COMPACT.match(raw):
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day)
    if match := _MONTH_DAY.match(raw):
        month, day = (int(part) for part in match.groups())
        return _make(today.year, month, day)
    raise DateParseError(f"cannot read {text.strip()!r} as a date")

"""What a report covers: its filter, and the month, quarter or year it is read for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PERIODS: tuple[str, ...] = ("month", "quarter", "year")
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class ReportFilter:
    """A report's period and the accounts and owner it is narrowed to ("" or None: any)."""

    period: str = "quarter"  # "month" | "quarter" | "year"
    start: date | None = None  # a day of the period; None = the period that holds today
    region: str = ""
    owner_id: int | None = None
    abc_class: str = ""  # A/B/C, the account's class


def period_holding(period: str, day: date) -> tuple[date, date]:
    """Return [first day, last day] of the month, quarter or year that holds day."""
    if period not in MONTHS_IN:
        raise ValueError(f"no report period {period!r}; periods are {', '.join(PERIODS)}")
    length = MONTHS_IN[period]
    first_month = (day.month - 1) // length * length + 1
    first = date(day.year, first_month, 1)
    return first, add_months(first, length) - timedelta(days=1)


def report_bounds(report_filter: ReportFilter, today: date) -> tuple[date, date]:
    """Return [first day, last day] of a filter's period; a start inside a period means it."""
    return period_holding(report_filter.period, report_filter.start or today)


def add_months(first: date, months: int) -> date:
    """Return the first day of the month `months` after the month of first (a first day)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_starts(first: date, last: date) -> tuple[date, ...]:
    """Return the first day of every month from first's month to last's, in order."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return tuple(months)

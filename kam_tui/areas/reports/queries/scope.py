"""Which deals a report counts, and the SQL pieces every report sums them with."""

from __future__ import annotations

from datetime import date
from typing import Any

from kam_tui.areas.reports.rules.periods import ReportFilter
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.db.sql import sql_date
from kam_tui.core.domain import vocab

# The deals a report reads; their accounts are looked up by id only when a row names one.
FROM = "FROM opportunity o"
STAGE_NUMBERS: tuple[int, ...] = tuple(stage.number for stage in vocab.STAGES)


def filters(report_filter: ReportFilter) -> tuple[str, list[Any]]:
    """Return the SQL condition and parameters of live deals of live accounts under a filter.

    The account's side is a set of ids read from its indexes (account_live_filters,
    account_region_live): joining every deal to its account row costs a random read each.
    """
    clauses = ["o.deleted_at IS NULL"]
    params: list[Any] = []
    if report_filter.owner_id is not None:
        clauses.append("o.owner_id = ?")
        params.append(report_filter.owner_id)
    narrowed = []
    if report_filter.abc_class:
        narrowed.append("abc_class = ?")
        params.append(report_filter.abc_class)
    if report_filter.region:
        narrowed.append("region = ?")
        params.append(report_filter.region)
    if narrowed:
        clauses.append("o.account_id IN (SELECT id FROM account WHERE deleted_at IS NULL AND "
                       + " AND ".join(narrowed) + ")")
    else:  # deleted accounts are few: leaving them out is cheaper than finding the live ones
        clauses.append("o.account_id NOT IN (SELECT id FROM account WHERE deleted_at IS NOT NULL)")
    return " AND ".join(clauses), params


def open_deal() -> str:
    """SQL that holds for an open deal in one of the six stages (the board shows no others)."""
    return f"o.status = 'open' AND o.stage IN ({', '.join(map(str, STAGE_NUMBERS))})"


def close_date() -> str:
    """SQL for a deal's expected close when it is a real date, else NULL."""
    return sql_date("o.expected_close")


def account_name() -> str:
    """SQL for the account as a card names it: its short name, else its full name."""
    return "COALESCE(NULLIF(a.short_name, ''), a.name)"


def days_between(earlier: str, later: str) -> str:
    """SQL for the whole calendar days from the day of timestamp earlier to that of later."""
    if is_postgres():
        return f"(CAST({later} AS date) - CAST({earlier} AS date))"
    return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"


def day_param(day: date) -> str:
    """Return a day as the parameter both engines compare dates and timestamps with."""
    return day.isoformat()

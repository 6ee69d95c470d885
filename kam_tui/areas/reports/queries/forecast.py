"""The forecast in SQL: open deals by expected-close month and by owner, and what slipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kam_tui.areas.reports.queries.scope import (
    FROM, account_name, close_date, day_param, filters, open_deal,
)
from kam_tui.areas.reports.rules.periods import ReportFilter, month_starts
from kam_tui.core.db.deal_sql import adjusted_weighted, amount, buying_group_joins, weighted
from kam_tui.core.db.dialect import month_of, no_index, sum_int
from kam_tui.core.db.records import database
from kam_tui.core.db.sql import as_date, as_int

SLIPPED_LISTED = 50  # the rest are counted; the board's filters find them all
SLIPPED = "!"  # marks a slipped deal's group in the forecast's one pass


@dataclass(frozen=True)
class ForecastMonth:
    """The open deals expected to close in one month of the period."""

    month: date  # its first day
    deals: int
    amount: int
    weighted: int  # Σ amount × win rate, half up per deal
    adjusted: int  # Σ amount × support-adjusted win rate (the map's odds), half up per deal


@dataclass(frozen=True)
class ForecastOwner:
    """One owner's open deals expected to close in the period, and their slipped deals."""

    owner_id: int | None  # None: deals nobody owns
    owner: str  # "" when nobody owns them
    region: str  # the owner's own region
    deals: int
    amount: int
    weighted: int
    adjusted: int
    slipped: int  # open deals whose expected close has passed (any date, not only the period)


@dataclass(frozen=True)
class SlippedDeal:
    """An open deal whose expected close has passed."""

    opportunity_id: int
    title: str
    account: str
    owner: str
    stage: int
    amount: int
    expected_close: date
    days_late: int


@dataclass(frozen=True)
class Forecast:
    """The period's forecast: by close month, by owner, the slipped deals and the totals."""

    start: date
    end: date  # the period's last day
    months: tuple[ForecastMonth, ...]  # every month of the period, empty ones too
    owners: tuple[ForecastOwner, ...]  # by weighted, largest first, then by name
    slipped: tuple[SlippedDeal, ...]  # most late first, at most SLIPPED_LISTED
    slipped_count: int
    deals: int
    amount: int
    weighted: int
    adjusted: int
    no_close_date: int  # open deals with no expected close (or one that is not a date)


def forecast(report_filter: ReportFilter, start: date, end: date, today: date) -> Forecast:
    """Return the forecast of the open deals under a filter for the period [start, end]."""
    where, params = filters(report_filter)
    db = database()
    close = close_date()
    # One pass over the open deals, grouped by owner and by what each deal's close date makes
    # it: the months, the owners, the slipped and the undated deals all come from it. The date
    # is checked once per deal (SQLite checks by calling date()), then compared as stored.
    rows = db.execute_sql(
        f"SELECT g.owner_id, COALESCE(s.name, ''), COALESCE(s.region, ''), g.code, g.deals, "
        f"g.amount, g.weighted FROM ("
        # Grouping by the owner's index would read the deals in its order, a random read each.
        f"SELECT {no_index('o.owner_id')} AS owner_id, CASE WHEN {close} IS NOT NULL "
        f"THEN (CASE WHEN o.expected_close < ? THEN '{SLIPPED}' ELSE '' END) || "
        f"(CASE WHEN o.expected_close >= ? AND o.expected_close < ? "
        f"THEN {month_of('o.expected_close')} ELSE '' END) END AS code, "
        f"COUNT(*) AS deals, COALESCE({sum_int(amount())}, 0) AS amount, "
        f"COALESCE({sum_int(weighted())}, 0) AS weighted "
        f"{FROM} WHERE {open_deal()} AND {where} GROUP BY 1, 2"
        f") g LEFT JOIN staff s ON s.id = g.owner_id",
        [day_param(today), day_param(start), day_param(end + timedelta(days=1)), *params]
    ).fetchall()
    firsts = month_starts(start, end)
    by_month = {f"{first.year:04d}-{first.month:02d}": [0, 0, 0, 0] for first in firsts}
    by_owner: dict[int | None, list[Any]] = {}
    slipped_count = no_close_date = 0
    for owner_id, name, region, code, deals, total, weighed in rows:
        owner = by_owner.setdefault(owner_id, [name, region, 0, 0, 0, 0, 0])
        if code is None:
            no_close_date += int(deals)
            continue
        if code.startswith(SLIPPED):
            owner[6] += int(deals)
            slipped_count += int(deals)
        month = code.removeprefix(SLIPPED)
        if month in by_month:
            for figures, index in ((by_month[month], 0), (owner, 2)):
                figures[index] += int(deals)
                figures[index + 1] += int(total)
                figures[index + 2] += int(weighed)
    # The support-adjusted odds need each deal's buying group: read only for the period's deals.
    for owner_id, month, adjusted in _adjusted(where, params, start, end):
        if month in by_month and owner_id in by_owner:
            by_month[month][3] += adjusted
            by_owner[owner_id][5] += adjusted
    months = tuple(ForecastMonth(first, *by_month[f"{first.year:04d}-{first.month:02d}"])
                   for first in firsts)
    owners = sorted(
        (ForecastOwner(owner_id, *figures) for owner_id, figures in by_owner.items()
         if figures[2] or figures[6]),
        # Deals nobody owns come after the named owners with as much weighted.
        key=lambda owner: (-owner.weighted, owner.owner_id is None, owner.owner.casefold(),
                           owner.owner, owner.owner_id or 0))

    # The page of the most late is chosen among the deals alone; only its rows read accounts.
    slipped = []
    for row in db.execute_sql(
            f"SELECT d.id, d.title, {account_name()}, COALESCE(s.name, ''), d.stage, d.amount, "
            f"d.close FROM (SELECT o.id AS id, o.title AS title, o.account_id AS account_id, "
            f"o.owner_id AS owner_id, o.stage AS stage, {amount()} AS amount, {close} AS close "
            f"{FROM} WHERE {open_deal()} AND {where} AND o.expected_close < ? "
            f"AND {close} IS NOT NULL ORDER BY o.expected_close, o.id LIMIT ?) d "
            f"JOIN account a ON a.id = d.account_id LEFT JOIN staff s ON s.id = d.owner_id "
            f"ORDER BY d.close, d.id",
            [*params, day_param(today), SLIPPED_LISTED]).fetchall():
        expected = as_date(row[6])
        if expected is None:  # the SQL kept only real dates; a driver's odd type is skipped
            continue
        slipped.append(SlippedDeal(row[0], row[1] or "", row[2] or "", row[3], int(row[4]),
                                   as_int(row[5]) or 0, expected, (today - expected).days))
    return Forecast(
        start=start, end=end, months=months, owners=tuple(owners),
        slipped=tuple(slipped), slipped_count=slipped_count,
        deals=sum(month.deals for month in months), amount=sum(month.amount for month in months),
        weighted=sum(month.weighted for month in months),
        adjusted=sum(month.adjusted for month in months), no_close_date=no_close_date)


def _adjusted(where: str, params: list[Any], start: date, end: date) -> list[tuple[Any, str, int]]:
    """Return (owner, month, Σ support-adjusted amount) of the open deals closing in the period."""
    close = close_date()
    rows = database().execute_sql(
        f"SELECT d.owner_id, d.month, COALESCE({sum_int('d.adjusted')}, 0) FROM ("
        f"SELECT {no_index('o.owner_id')} AS owner_id, {month_of('o.expected_close')} AS month, "
        f"{adjusted_weighted()} AS adjusted {FROM} {buying_group_joins()} "
        f"WHERE {open_deal()} AND {where} AND {close} IS NOT NULL "
        f"AND o.expected_close >= ? AND o.expected_close < ? GROUP BY o.id"
        f") d GROUP BY 1, 2",
        [*params, day_param(start), day_param(end + timedelta(days=1))]).fetchall()
    return [(owner_id, month, int(adjusted)) for owner_id, month, adjusted in rows]

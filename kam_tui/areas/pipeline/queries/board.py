"""The board in SQL: its filters, column figures, card pages and filter options."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.settings import period, quiet_days, stall_days
from kam_tui.core.db.deal_sql import adjusted_weighted, buying_group_joins, group_has, group_weight
from kam_tui.core.db.deal_sql import amount as deal_amount
from kam_tui.core.db.deal_sql import win_rate
from kam_tui.core.db.dialect import is_postgres, month_of, sum_int
from kam_tui.core.db.records import database
from kam_tui.core.db.sql import (
    as_date, as_float, as_int, like, sql_number, sql_valid_datetime, sql_valid_number,
)
from kam_tui.core.domain import coverage
from kam_tui.core.domain.vocab import BuyingRole, Stance
from kam_tui.core.domain.search import search_terms


@dataclass(frozen=True)
class BoardQuery:
    """What the board shows: search and filters (owner, ABC class, region, close month)."""

    search: str = ""
    owner_id: int | None = None
    abc_class: str = ""
    region: str = ""
    close_month: str = ""  # "YYYY-MM"
    account_id: int | None = None  # one account's deals, when another area asks for them


@dataclass(frozen=True)
class ColumnStats:
    """One stage's figures over the filtered open deals."""

    stage: int
    count: int = 0
    amount: int = 0
    weighted: int = 0
    stalled: int = 0
    adjusted: int = 0  # Σ amount × support-adjusted win rate (the map's rule)


@dataclass(frozen=True)
class BoardStats:
    """The six columns' figures and the headline: open pipeline, forecast, won and lost."""

    columns: tuple[ColumnStats, ...]
    won_count: int
    won_amount: int
    lost_count: int
    lost_amount: int
    period: rules.Period
    stall_days: dict[int, int]
    invalid: int = 0  # open deals left out of the figures: a stored value did not parse
    quiet_days: dict[int, int] = field(default_factory=lambda: dict(rules.DEFAULT_QUIET_DAYS))

    @property
    def open_count(self) -> int:
        """Return the number of open deals shown."""
        return sum(column.count for column in self.columns)

    @property
    def open_amount(self) -> int:
        """Return the total open pipeline."""
        return sum(column.amount for column in self.columns)

    @property
    def forecast(self) -> int:
        """Return the weighted forecast, Σ amount × win rate (overrides included)."""
        return sum(column.weighted for column in self.columns)

    @property
    def adjusted_forecast(self) -> int:
        """Return the support-adjusted forecast, Σ amount × each group's adjusted win rate."""
        return sum(column.adjusted for column in self.columns)

    def with_card_moved(self, before: CardFigures, after: CardFigures) -> BoardStats:
        """Return the figures with one card's share taken from its old stage, added to its new."""
        columns = []
        for column in self.columns:
            count, amount = column.count, column.amount
            weighted, stalled, adjusted = column.weighted, column.stalled, column.adjusted
            for card, sign in ((before, -1), (after, 1)):
                if card.stage == column.stage:
                    count += sign
                    amount += sign * card.amount
                    weighted += sign * card.weighted
                    stalled += sign * card.stalled
                    adjusted += sign * card.adjusted
            columns.append(ColumnStats(column.stage, count, amount, weighted, stalled, adjusted))
        return replace(self, columns=tuple(columns))

    @property
    def stalled(self) -> int:
        """Return how many shown deals are past their stage's stall threshold."""
        return sum(column.stalled for column in self.columns)

    def column(self, stage: int) -> ColumnStats:
        """Return the figures of one stage."""
        return self.columns[stage - 1]


@dataclass(frozen=True)
class CardFigures:
    """One open card's share of its column's figures, as board_stats' SQL counts it."""

    stage: int
    amount: int
    weighted: int
    stalled: int
    adjusted: int = 0


@dataclass(frozen=True)
class CardRow:
    """What a card on the board shows."""

    id: int
    account_id: int
    account: str  # short name, else the full name
    title: str
    amount: int
    stage: int
    days: int
    stalled: bool
    next_action: str
    next_action_date: date | None
    win_rate_override: int | None
    owner: str
    position: float
    invalid: frozenset[str] = frozenset()  # what the card shows as an invalid value
    gaps: tuple[str, ...] = ()  # the coverage gaps the card flags (coverage.card_gaps)
    expected_close: date | None = None  # None also when the stored text is not a date
    quiet: int | None = None  # days without contact, when past the stage's quiet limit
    weight_total: int = 0  # the decision weight the group holds, for the "unmapped" flag


def filters(query: BoardQuery) -> tuple[str, list[Any]]:
    """Return the SQL condition and parameters of a query's search and filters."""
    clauses = ["o.deleted_at IS NULL", "a.deleted_at IS NULL"]
    params: list[Any] = []
    for term in search_terms(query.search):
        clauses.append("(a.search_text LIKE ? ESCAPE '\\' OR lower(o.title) LIKE ? ESCAPE '\\')")
        params += [like(term), like(term)]
    if query.owner_id is not None:
        clauses.append("o.owner_id = ?")
        params.append(query.owner_id)
    if query.account_id is not None:
        clauses.append("o.account_id = ?")
        params.append(query.account_id)
    if query.abc_class:
        clauses.append("a.abc_class = ?")
        params.append(query.abc_class)
    if query.region:
        clauses.append("a.region = ?")
        params.append(query.region)
    month = rules.parse_month(query.close_month)
    if month is not None:
        clauses.append("o.expected_close >= ? AND o.expected_close < ?")
        params += [month[0].isoformat(), month[1].isoformat()]
    return " AND ".join(clauses), params


# The deals and their accounts, as every board and closed-list query reads them.
FROM = "FROM opportunity o JOIN account a ON a.id = o.account_id"


def _invalid() -> str:
    """SQL counting 1 for a deal whose amount, stage time or own win rate is malformed."""
    valid = (f"{sql_valid_number('o.amount')} AND {sql_valid_datetime('o.stage_entered_at')} "
             f"AND {sql_valid_number('o.win_rate_override', 1000)}")
    # PostgreSQL sums no booleans; SQLite's are already 1 and 0.
    return f"CAST(NOT ({valid}) AS INTEGER)" if is_postgres() else f"NOT ({valid})"


def stall_case(today: date, stall_days: dict[int, int],
               quiet_days: dict[int, int] | None = None) -> tuple[str, list[Any]]:
    """SQL true when a deal entered its stage before today minus that stage's threshold, or
    has had no contact logged against it (nor a move) for longer than its quiet limit."""
    quiet_days = quiet_days or rules.DEFAULT_QUIET_DAYS
    parts: list[str] = []
    params: list[Any] = []
    # The deal's own activity index answers "any contact since": no scan of the activities.
    stalled = ("(o.stage_entered_at < ? OR (o.stage_entered_at < ? AND NOT EXISTS ("
               "SELECT 1 FROM activity x WHERE x.opportunity_id = o.id "
               "AND x.deleted_at IS NULL AND x.occurred_on >= ?)))")
    if is_postgres():  # the CASE is summed and counted: PostgreSQL wants a number from it
        stalled = f"CAST({stalled} AS INTEGER)"
    for number in rules.STAGE_NUMBERS:
        cutoff = date.fromordinal(today.toordinal() - stall_days[number])
        quiet = date.fromordinal(today.toordinal() - quiet_days[number])
        parts.append(f"WHEN {number} THEN {stalled}")
        params += [cutoff.isoformat(), quiet.isoformat(), quiet]
    return "CASE o.stage " + " ".join(parts) + " ELSE 0 END", params


def board_stats(query: BoardQuery, today: date) -> BoardStats:
    """Return per-stage counts, sums, weighted sums and stalls, and the period's won and lost."""
    where, params = filters(query)
    thresholds, quiet = stall_days(), quiet_days()
    stall, stall_params = stall_case(today, thresholds, quiet)
    db = database()
    amount, rate = deal_amount(), win_rate()
    rows = db.execute_sql(
        f"SELECT o.stage, COUNT(*), COALESCE(SUM({amount}), 0), "
        f"COALESCE(SUM(({amount} * {rate} + 50) / 100), 0), COALESCE(SUM({stall}), 0), "
        f"SUM({_invalid()}) "
        f"{FROM} WHERE o.status = 'open' AND {where} GROUP BY o.stage",
        [*stall_params, *params]).fetchall()
    # A deal whose stage is not 1..6 has no column; it is counted with the other bad rows.
    invalid = sum(int(row[5] or 0) if row[0] in rules.STAGE_NUMBERS else int(row[1])
                  for row in rows)
    adjusted = _adjusted_by_stage(where, params)
    by_stage = {row[0]: ColumnStats(row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]),
                                    adjusted.get(row[0], 0))
                for row in rows if row[0] in rules.STAGE_NUMBERS}
    columns = tuple(by_stage.get(number, ColumnStats(number)) for number in rules.STAGE_NUMBERS)
    chosen = period()
    start, end = rules.period_bounds(today, chosen)
    closed = dict(
        (row[0], (int(row[1]), int(row[2]))) for row in db.execute_sql(
            f"SELECT o.status, COUNT(*), COALESCE(SUM({amount}), 0) {FROM} "
            f"WHERE o.status IN ('won', 'lost') AND o.closed_at >= ? AND o.closed_at < ? "
            f"AND {where} GROUP BY o.status",
            [start.isoformat(), end.isoformat(), *params]).fetchall())
    won = closed.get("won", (0, 0))
    lost = closed.get("lost", (0, 0))
    return BoardStats(columns, won[0], won[1], lost[0], lost[1], chosen, thresholds, invalid,
                      quiet)


def _adjusted_by_stage(where: str, params: list[Any], one: int | None = None) -> dict[int, int]:
    """Return Σ amount × support-adjusted rate per stage (of one deal when one is given)."""
    only = "AND o.id = ? " if one is not None else ""
    rows = database().execute_sql(
        f"SELECT d.stage, COALESCE({sum_int('d.adjusted')}, 0) FROM ("
        f"SELECT o.stage AS stage, {adjusted_weighted()} AS adjusted {FROM} {buying_group_joins()} "
        f"WHERE o.status = 'open' {only}AND {where} GROUP BY o.id, o.stage) d GROUP BY d.stage",
        [*([one] if one is not None else []), *params]).fetchall()
    return {row[0]: int(row[1] or 0) for row in rows}


def card_figures(query: BoardQuery, opportunity_id: int, today: date,
                 thresholds: dict[int, int],
                 quiet: dict[int, int] | None = None) -> CardFigures | None:
    """Return an open card's share of the board's figures, or None when the board omits it."""
    where, params = filters(query)
    stall, stall_params = stall_case(today, thresholds, quiet)
    amount = deal_amount()
    row = database().execute_sql(
        f"SELECT o.stage, {amount}, ({amount} * {win_rate()} + 50) / 100, {stall} "
        f"{FROM} WHERE o.id = ? AND o.status = 'open' AND {where}",
        [*stall_params, opportunity_id, *params]).fetchone()
    if row is None:
        return None
    adjusted = _adjusted_by_stage(where, params, opportunity_id).get(int(row[0]), 0)
    return CardFigures(int(row[0]), as_int(row[1]) or 0, as_int(row[2]) or 0, int(row[3] or 0),
                       adjusted)


_CARD_COLUMNS = (
    "o.id, o.account_id, COALESCE(NULLIF(a.short_name, ''), a.name), o.title, o.amount, o.stage, "
    "o.stage_entered_at, o.next_action, o.next_action_date, o.win_rate_override, "
    "COALESCE(s.name, ''), o.board_position, o.expected_close, "
    "(SELECT MAX(x.occurred_on) FROM activity x WHERE x.opportunity_id = o.id "
    "AND x.deleted_at IS NULL)"
)


def column_page(query: BoardQuery, stage: int, offset: int, limit: int,
                today: date) -> list[CardRow]:
    """Return one page of a column's cards in board order."""
    rules.check_stage(stage)
    where, params = filters(query)
    thresholds, quiet_limits = stall_days(), quiet_days()
    rows = database().execute_sql(
        f"SELECT {_CARD_COLUMNS} {FROM} LEFT JOIN staff s ON s.id = o.owner_id "
        f"WHERE o.status = 'open' AND o.stage = ? AND {where} "
        f"ORDER BY o.board_position, o.id LIMIT ? OFFSET ?",
        [stage, *params, limit, offset]).fetchall()
    cards = []
    for row in rows:
        entered = as_date(row[6]) or today
        days = rules.days_in_stage(entered, today)
        quiet = rules.days_quiet(entered, as_date(row[13]), today)
        cards.append(CardRow(
            id=row[0], account_id=row[1], account=row[2] or "", title=row[3] or "",
            amount=as_int(row[4]) or 0, stage=row[5], days=days,
            stalled=rules.is_stalled(row[5], days, thresholds, quiet, quiet_limits),
            quiet=quiet if rules.is_quiet(row[5], quiet, quiet_limits) else None,
            next_action=row[7] or "",
            next_action_date=as_date(row[8]), win_rate_override=as_int(row[9], 1000),
            owner=row[10], position=as_float(row[11]) or 0.0,
            invalid=_invalid_cells(row), expected_close=as_date(row[12])))
    return _with_gaps(cards)


def _with_gaps(cards: list[CardRow]) -> list[CardRow]:
    """Return the page's cards with their coverage gaps, read for the page's deals only."""
    if not cards:
        return cards
    marks = ", ".join("?" for _ in cards)
    rows = database().execute_sql(
        f"SELECT o.id, {group_has(BuyingRole.COACH.value)}, "
        f"{group_has(BuyingRole.DECISION_MAKER.value, Stance.OPPONENT.value)}, {group_weight()} "
        f"FROM opportunity o {buying_group_joins()} WHERE o.id IN ({marks}) GROUP BY o.id",
        [card.id for card in cards]).fetchall()
    groups = {row[0]: (bool(row[1]), bool(row[2]), int(row[3] or 0)) for row in rows}
    found = []
    for card in cards:
        has_coach, opposed, total = groups.get(card.id, (False, False, 0))
        found.append(replace(card, gaps=coverage.card_gaps(has_coach, opposed, total),
                             weight_total=total))
    return found


def open_ids(query: BoardQuery) -> list[int]:
    """Return the ids of the board's open deals, column by column in board order."""
    where, params = filters(query)
    return [row[0] for row in database().execute_sql(
        f"SELECT o.id {FROM} WHERE o.status = 'open' AND {where} "
        f"ORDER BY o.stage, o.board_position, o.id", params).fetchall()]


def _invalid_cells(row: Any) -> frozenset[str]:
    bad = set()
    if row[4] is not None and as_int(row[4]) is None:
        bad.add("amount")
    if as_date(row[6]) is None:
        bad.add("days")
    return frozenset(bad)


def card_index(query: BoardQuery, opportunity_id: int) -> tuple[int, int] | None:
    """Return (stage, place in its column under the filters) of an open card, or None."""
    where, params = filters(query)
    db = database()
    row = db.execute_sql(
        f"SELECT o.stage, o.board_position {FROM} WHERE o.id = ? AND o.status = 'open' "
        f"AND {where}", [opportunity_id, *params]).fetchone()
    if row is None:
        return None
    stage, position = row
    before = db.execute_sql(
        f"SELECT COUNT(*) {FROM} WHERE o.status = 'open' AND o.stage = ? AND "
        f"(o.board_position < ? OR (o.board_position = ? AND o.id < ?)) AND {where}",
        [stage, position, position, opportunity_id, *params]).fetchone()[0]
    return int(stage), int(before)


def filter_options() -> dict[str, list[tuple[str, Any]]]:
    """Return the owners, regions and close months the board's filters offer."""
    db = database()
    owners = [(name, staff_id) for staff_id, name in db.execute_sql(
        "SELECT DISTINCT s.id, s.name FROM opportunity o JOIN staff s ON s.id = o.owner_id "
        "WHERE o.status = 'open' AND o.deleted_at IS NULL ORDER BY s.name").fetchall()]
    regions = [(region, region) for (region,) in db.execute_sql(
        "SELECT DISTINCT region FROM account WHERE deleted_at IS NULL AND region != '' "
        "ORDER BY region").fetchall()]
    months = [(month, month) for (month,) in db.execute_sql(
        f"SELECT DISTINCT {month_of('expected_close')} FROM opportunity WHERE status = 'open' "
        "AND deleted_at IS NULL AND expected_close IS NOT NULL ORDER BY 1").fetchall() if month]
    return {"owner": owners, "region": regions, "close_month": months}

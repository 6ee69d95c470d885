"""The funnel in SQL: the six stages now and in the period's history, and the period's closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kam_tui.areas.reports.queries.scope import (
    FROM, STAGE_NUMBERS, day_param, days_between, filters, open_deal,
)
from kam_tui.areas.reports.rules import figures
from kam_tui.areas.reports.rules.periods import ReportFilter
from kam_tui.core.db.deal_sql import amount
from kam_tui.core.db.dialect import sum_int
from kam_tui.core.db.records import database

REASONS_LISTED = 10


@dataclass(frozen=True)
class FunnelStage:
    """One purchasing stage: its open deals now, and how deals went through it in the period."""

    stage: int  # 1..6
    deals: int  # open deals in this stage now
    amount: int
    entered: int  # deals that entered the stage in the period (a new deal enters its first)
    went_on: int  # of those, how many later entered a higher stage or were won (up to today)
    conversion: int | None  # went_on / entered in percent, half up; None when none entered
    # Median whole calendar days of the stays in it that ended in the period: from the row that
    # put the deal there (entering it, or reopening it there) to its next move or close.
    median_days: float | None


@dataclass(frozen=True)
class Reason:
    """A lost reason, or a winner, with the lost deals that gave it."""

    text: str  # "" when none was given
    deals: int
    amount: int


@dataclass(frozen=True)
class Funnel:
    """The period's funnel: the six stages, the deals won and lost, why and to whom."""

    start: date
    end: date  # the period's last day
    stages: tuple[FunnelStage, ...]  # all six, in order
    won: int
    won_amount: int
    lost: int
    lost_amount: int
    win_rate: int | None  # won / (won + lost) in percent, half up; None when none closed
    lost_reasons: tuple[Reason, ...]  # most deals first, at most REASONS_LISTED
    winners: tuple[Reason, ...]  # who won the lost deals, most deals first


# A history row by which a deal entered its stage: its creation row, or a move between stages.
# Closing and reopening write rows that keep the stage; they enter nothing.
ENTERING = "(sc.from_stage IS NULL OR sc.from_stage <> sc.to_stage)"


def funnel(report_filter: ReportFilter, start: date, end: date, today: date) -> Funnel:
    """Return the funnel of the deals under a filter for the period [start, end]."""
    where, params = filters(report_filter)
    period = [day_param(start), day_param(end + timedelta(days=1))]
    db = database()
    now = {row[0]: (int(row[1]), int(row[2])) for row in db.execute_sql(
        f"SELECT o.stage, COUNT(*), COALESCE({sum_int(amount())}, 0) {FROM} "
        f"WHERE {open_deal()} AND {where} GROUP BY o.stage", params).fetchall()}
    entered, stays = _history(where, params, period, day_param(today + timedelta(days=1)))
    stages = []
    for number in STAGE_NUMBERS:
        deals, total = now.get(number, (0, 0))
        came, went = entered.get(number, (0, 0))
        stages.append(FunnelStage(number, deals, total, came, went, figures.percent(went, came),
                                  figures.median(stays.get(number, []))))
    won, won_amount, lost, lost_amount, reasons, winners = _closed(where, params, period)
    return Funnel(start, end, tuple(stages), won, won_amount, lost, lost_amount,
                  figures.percent(won, won + lost), reasons, winners)


def _closed(where: str, params: list[Any], period: list[str]
            ) -> tuple[int, int, int, int, tuple[Reason, ...], tuple[Reason, ...]]:
    """Return won, its amount, lost, its amount, the top lost reasons and the top winners."""
    # The period's closed deals are read once; the three groupings share them.
    top = (f"SELECT * FROM (SELECT {{kind}}, {{column}}, COUNT(*), COALESCE(SUM(amount), 0) "
           f"FROM closed WHERE status = 'lost' GROUP BY {{column}} "
           f"ORDER BY 3 DESC, 4 DESC, 2 LIMIT {REASONS_LISTED}) {{alias}}")
    rows = database().execute_sql(
        f"WITH closed AS (SELECT o.status AS status, o.lost_reason AS reason, "
        f"o.lost_to AS winner, {amount()} AS amount {FROM} "
        f"WHERE o.status IN ('won', 'lost') AND o.closed_at >= ? AND o.closed_at < ? "
        f"AND {where}) "
        f"SELECT 0, status, COUNT(*), {sum_int('COALESCE(amount, 0)')} FROM closed "
        f"GROUP BY status "
        f"UNION ALL {top.format(kind=1, column='reason', alias='r')} "
        f"UNION ALL {top.format(kind=2, column='winner', alias='w')}",
        [*period, *params]).fetchall()
    totals = {row[1]: (int(row[2]), int(row[3])) for row in rows if row[0] == 0}
    lists: dict[int, list[Reason]] = {1: [], 2: []}
    for kind, text, deals, total in rows:
        if kind:
            lists[kind].append(Reason(text or "", int(deals), int(total)))
    won, lost = totals.get("won", (0, 0)), totals.get("lost", (0, 0))
    return (*won, *lost, tuple(lists[1]), tuple(lists[2]))


def _history(where: str, params: list[Any], period: list[str], tomorrow: str
             ) -> tuple[dict[int, tuple[int, int]], dict[int, list[tuple[int, int]]]]:
    """Return, from the stage history, stage -> (deals that entered it in the period, how many
    of them went on) and stage -> [(whole days, how many stays)] of the stays that ended in it.

    Only the period's history rows are read; what happened after one of them (did the deal go
    on?) and before it (when did the stay it ends begin?) is one index lookup of that deal's
    rows each, so the cost follows the period, not the whole history.
    """
    # Rows are ordered as written: by time, then by id for rows of the same instant.
    later = ("n.opportunity_id = sc.opportunity_id AND n.deleted_at IS NULL "
             "AND n.changed_at >= sc.changed_at "
             "AND (n.changed_at > sc.changed_at OR n.id > sc.id)")
    earlier = ("q.opportunity_id = sc.opportunity_id AND q.deleted_at IS NULL "
               "AND q.changed_at <= sc.changed_at "
               "AND (q.changed_at < sc.changed_at OR q.id < sc.id)")
    # A move or a close (from an open deal) ends a stay in the stage it leaves; the stay began
    # with the deal's row before it: the deal entered that stage there, or was reopened in it.
    rows = database().execute_sql(
        f"WITH h AS (SELECT sc.opportunity_id AS deal, sc.to_stage AS stage, "
        f"sc.from_stage AS left_stage, sc.changed_at AS at, "
        f"CASE WHEN {ENTERING} THEN 1 ELSE 0 END AS entering, "
        f"CASE WHEN {ENTERING} AND EXISTS (SELECT 1 FROM stage_change n WHERE {later} "
        f"AND n.changed_at < ? AND (n.to_stage > sc.to_stage OR n.to_status = 'won')) "
        f"THEN 1 ELSE 0 END AS went, "
        f"CASE WHEN sc.from_status = 'open' THEN (SELECT MAX(q.changed_at) FROM stage_change q "
        f"WHERE {earlier}) END AS began "
        f"FROM stage_change sc JOIN opportunity o ON o.id = sc.opportunity_id "
        f"WHERE sc.deleted_at IS NULL AND sc.changed_at >= ? AND sc.changed_at < ? "
        f"AND {where}) "
        # A deal that entered a stage twice in the period is one deal; it went on if it did
        # after any of its entries.
        f"SELECT 0, e.stage, COUNT(*), SUM(e.went) FROM (SELECT deal, stage, MAX(went) AS went "
        f"FROM h WHERE entering = 1 GROUP BY deal, stage) e GROUP BY e.stage "
        f"UNION ALL SELECT 1, left_stage, {days_between('began', 'at')}, COUNT(*) FROM h "
        f"WHERE began IS NOT NULL GROUP BY 2, 3",
        [tomorrow, *period, *params]).fetchall()
    entered: dict[int, tuple[int, int]] = {}
    stays: dict[int, list[tuple[int, int]]] = {}
    for kind, stage, first, second in rows:
        if stage not in STAGE_NUMBERS or first is None:
            continue
        if kind == 0:
            entered[int(stage)] = (int(first), int(second or 0))
        else:
            stays.setdefault(int(stage), []).append((int(first), int(second)))
    return entered, stays

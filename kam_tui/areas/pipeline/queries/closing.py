"""Closing deals in SQL: won, lost, reopened, the closed list and a deal's own win rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.board import FROM, BoardQuery, filters
from kam_tui.areas.pipeline.queries.moves import MoveRefused, edge
from kam_tui.core.db import models as m
from kam_tui.core.db.deal_sql import amount
from kam_tui.core.db.dialect import is_postgres, locked, nocase, sum_int
from kam_tui.core.db.records import database, transaction
from kam_tui.core.db.sql import as_datetime
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import normalise_input


@dataclass(frozen=True)
class ClosedRow:
    """A won or lost deal in the closed list."""

    id: int
    account: str
    title: str
    amount: int
    stage: int
    status: str
    closed_at: datetime | None
    lost_reason: str
    lost_to: str


# The closed list's reason filter for the reasons typed before the standard list.
WRITTEN = "*written"
CLOSED_SORTS = ("closed_at", "reason", "winner")
WINNERS_LISTED = 200


@dataclass(frozen=True)
class ClosedFilter:
    """The closed list's own filters and order, on top of the board's search and filters."""

    reason: str = ""  # a LostReason code, or WRITTEN; "" for any
    winner: str = ""  # a winner as stored; "" for any
    sort: str = "closed_at"  # one of CLOSED_SORTS
    descending: bool = False  # reason and winner: z first; closed_at is always latest first


@dataclass(frozen=True)
class ReasonSum:
    """The shown deals of one result and reason: how many, and their amount."""

    status: str  # "won" or "lost"
    reason: str  # the stored reason ("" for won deals)
    count: int
    amount: int


def _close(opportunity_id: int, status: str, now: datetime, note: str, **extra: Any) -> int:
    with transaction():
        row = locked(m.Opportunity.alive().where(m.Opportunity.id == opportunity_id)).first()
        if row is None:
            raise MoveRefused("gone")
        if row.status != vocab.OpportunityStatus.OPEN.value:
            raise MoveRefused("closed")
        (m.Opportunity.update(status=status, closed_at=now, version=m.Opportunity.version + 1,
                              updated_at=m.utcnow(), **extra)
         .where(m.Opportunity.id == opportunity_id).execute())
        m.StageChange.create(opportunity=opportunity_id, from_stage=row.stage,
                             to_stage=row.stage, from_status="open", to_status=status,
                             changed_at=now, note=note)
        return int(row.stage)


def close_won(opportunity_id: int, now: datetime, *, confirmed: bool, note: str = "") -> int:
    """Mark an open deal won; before stage 6 only when the rep confirmed. Returns its stage."""
    stage = m.Opportunity.select(m.Opportunity.stage).where(
        m.Opportunity.id == opportunity_id).scalar()
    if stage is None:
        raise MoveRefused("gone")
    if rules.won_needs_confirmation(stage) and not confirmed:
        raise ValueError("a deal before stage 6 is marked won only with confirmation")
    return _close(opportunity_id, "won", now, normalise_input(note or "")[:2000])


def close_lost(opportunity_id: int, now: datetime, *, reason: str, winner: str,
               note: str = "") -> int:
    """Mark an open deal lost with its reason (a LostReason code) and winner. Returns its stage."""
    errors = rules.check_lost(reason, winner, note)
    if errors:
        raise ValueError("; ".join(f"{name}: {error.en}" for name, error in errors.items()))
    reason = normalise_input(reason)
    winner = normalise_input(winner)
    # The history keeps why and to whom, so reopening and closing again loses nothing.
    text = " · ".join(part for part in (reason, winner, normalise_input(note or "")) if part)
    return _close(opportunity_id, "lost", now, text[:2000], lost_reason=reason, lost_to=winner)


def account_competitors(opportunity_id: int) -> list[str]:
    """Return the competitors on file at the deal's account, by name (the lost dialog's list)."""
    rows = database().execute_sql(
        f"SELECT cp.competitor FROM competitor_presence cp "
        f"JOIN opportunity o ON o.account_id = cp.account_id "
        f"WHERE o.id = ? AND cp.deleted_at IS NULL AND cp.competitor <> '' "
        f"GROUP BY cp.competitor ORDER BY {nocase('cp.competitor')}", [opportunity_id]).fetchall()
    return [row[0] for row in rows]


def reopen(opportunity_id: int, now: datetime) -> int:
    """Put a won or lost deal back on the board, at the top of its stage. Returns its stage."""
    with transaction():
        row = locked(m.Opportunity.alive().where(m.Opportunity.id == opportunity_id)).first()
        if row is None:
            raise MoveRefused("gone")
        if row.status == vocab.OpportunityStatus.OPEN.value:
            raise MoveRefused("open")
        position = edge(row.stage, opportunity_id, top=True)
        # The stage clock runs on from when the deal entered its stage: closing and reopening
        # is no progress, and must not clear a stall (undoing a slip of w included).
        (m.Opportunity.update(status="open", closed_at=None, lost_reason="", lost_to="",
                              stage_entered_at=row.stage_entered_at or now,
                              board_position=position,
                              version=m.Opportunity.version + 1, updated_at=m.utcnow())
         .where(m.Opportunity.id == opportunity_id).execute())
        m.StageChange.create(opportunity=opportunity_id, from_stage=row.stage,
                             to_stage=row.stage, from_status=row.status, to_status="open",
                             changed_at=now)
        return int(row.stage)


def _closed_where(query: BoardQuery, closed: ClosedFilter) -> tuple[str, list[Any]]:
    """Return the SQL condition and parameters of the closed list's deals."""
    where, params = filters(query)
    clauses = ["o.status IN ('won', 'lost')", where]
    if closed.reason == WRITTEN:
        codes = [member.value for member in vocab.LostReason]
        clauses.append(f"o.status = 'lost' AND o.lost_reason NOT IN "
                       f"({', '.join('?' for _ in codes)})")
        params = [*params, *codes]
    elif closed.reason:
        clauses.append("o.status = 'lost' AND o.lost_reason = ?")
        params = [*params, closed.reason]
    if closed.winner:
        clauses.append("o.status = 'lost' AND o.lost_to = ?")
        params = [*params, closed.winner]
    return " AND ".join(f"({clause})" for clause in clauses), params


def _reason_order() -> str:
    """SQL placing a deal by its reason: the standard list's order, old texts after, won last."""
    whens = " ".join(f"WHEN '{member.value}' THEN {index}"
                     for index, member in enumerate(vocab.LostReason))
    return (f"CASE WHEN o.status = 'won' THEN {len(vocab.LostReason) + 1} "
            f"ELSE CASE o.lost_reason {whens} ELSE {len(vocab.LostReason)} END END")


def closed_count(query: BoardQuery, closed: ClosedFilter = ClosedFilter()) -> int:
    """Return how many won or lost deals match."""
    where, params = _closed_where(query, closed)
    return int(database().execute_sql(
        f"SELECT COUNT(*) {FROM} WHERE {where}", params).fetchone()[0])


def closed_page(query: BoardQuery, offset: int, limit: int,
                closed: ClosedFilter = ClosedFilter()) -> list[ClosedRow]:
    """Return one page of won and lost deals: most recently closed first, or by reason or
    winner (then most recently closed first)."""
    where, params = _closed_where(query, closed)
    # SQLite puts a missing close time last when descending; PostgreSQL must be told to.
    latest = "o.closed_at DESC NULLS LAST" if is_postgres() else "o.closed_at DESC"
    direction = "DESC" if closed.descending else "ASC"
    if closed.sort == "reason":
        order = f"{_reason_order()} {direction}, {nocase('o.lost_reason')} {direction}, "
    elif closed.sort == "winner":
        # Won deals have no winner: they come after every lost one either way.
        order = (f"CASE WHEN o.status = 'won' THEN 1 ELSE 0 END, "
                 f"{nocase('o.lost_to')} {direction}, ")
    else:
        order = ""
    rows = database().execute_sql(
        f"SELECT o.id, COALESCE(NULLIF(a.short_name, ''), a.name), o.title, o.amount, o.stage, "
        f"o.status, o.closed_at, o.lost_reason, o.lost_to {FROM} "
        f"WHERE {where} "
        f"ORDER BY {order}{latest}, o.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    return [ClosedRow(row[0], row[1] or "", row[2] or "", int(row[3] or 0), row[4], row[5],
                      as_datetime(row[6]), row[7] or "", row[8] or "") for row in rows]


def closed_sums(query: BoardQuery, closed: ClosedFilter = ClosedFilter()) -> list[ReasonSum]:
    """Return the matching deals' count and amount per result and reason, most deals first."""
    where, params = _closed_where(query, closed)
    rows = database().execute_sql(
        f"SELECT o.status, CASE WHEN o.status = 'lost' THEN o.lost_reason ELSE '' END, "
        f"COUNT(*), COALESCE({sum_int(amount())}, 0) {FROM} WHERE {where} "
        f"GROUP BY 1, 2 ORDER BY CASE WHEN o.status = 'won' THEN 0 ELSE 1 END, 3 DESC, 4 DESC, 2",
        params).fetchall()
    return [ReasonSum(row[0], row[1] or "", int(row[2]), int(row[3])) for row in rows]


def closed_winners(query: BoardQuery) -> list[str]:
    """Return who won the lost deals under the board's filters, by name (the winner filter)."""
    where, params = filters(query)
    rows = database().execute_sql(
        f"SELECT o.lost_to {FROM} WHERE o.status = 'lost' AND o.lost_to <> '' "
        f"AND {where} GROUP BY o.lost_to ORDER BY {nocase('o.lost_to')} LIMIT {WINNERS_LISTED}", params).fetchall()
    return [row[0] for row in rows]


def set_win_rate_override(opportunity_id: int, rate: int | None, reason: str) -> None:
    """Set or clear a deal's own win rate; a set rate needs a reason."""
    errors = rules.check_override(rate, reason)
    if errors:
        raise ValueError("; ".join(f"{name}: {error.en}" for name, error in errors.items()))
    updated = (m.Opportunity.update(
        win_rate_override=rate, win_rate_override_reason=normalise_input(reason) if rate is not None
        else "", version=m.Opportunity.version + 1, updated_at=m.utcnow())
        .where((m.Opportunity.id == opportunity_id) & m.Opportunity.deleted_at.is_null())
        .execute())
    if not updated:
        raise MoveRefused("gone")

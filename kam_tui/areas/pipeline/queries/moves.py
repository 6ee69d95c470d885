"""Moving cards in SQL: board positions, stage moves with their history, a new deal's start."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.board import BoardStats, CardRow
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import execute_many, locked
from kam_tui.core.db.records import database, transaction
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import normalise_input

# Positions are floats so a card can always go between two others; when two neighbours get
# closer than this, the column is renumbered 1, 2, 3… in its current order.
MIN_GAP = 1e-6


class MoveRefused(RuntimeError):
    """The card changed since the board showed it (moved, closed or deleted elsewhere)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "gone", "closed", "moved", "open"


@dataclass(frozen=True)
class MoveResult:
    """Where a moved card landed, the board's figures after the move and the pages asked for."""

    opportunity_id: int
    from_stage: int
    to_stage: int
    index: int  # the card's place in its column under the same filters
    stats: BoardStats
    # stage -> (offset, cards from there): the columns re-read in the move's own transaction
    pages: dict[int, tuple[int, list[CardRow]]] = field(default_factory=dict)


def _renumber(stage: int) -> None:
    ids = [row[0] for row in database().execute_sql(
        "SELECT id FROM opportunity WHERE status = 'open' AND stage = ? AND deleted_at IS NULL "
        "ORDER BY board_position, id", [stage]).fetchall()]
    execute_many(
        database(), "UPDATE opportunity SET board_position = ? WHERE id = ?",
        [(float(index + 1), opp_id) for index, opp_id in enumerate(ids)])


def _position_of(opp_id: int) -> tuple[int, float] | None:
    row = database().execute_sql(
        "SELECT stage, board_position FROM opportunity WHERE id = ? AND status = 'open' "
        "AND deleted_at IS NULL", [opp_id]).fetchone()
    return None if row is None else (int(row[0]), float(row[1] or 0.0))


def _neighbour(stage: int, position: float, anchor: int, moving: int, after: bool
               ) -> float | None:
    """Return the position of the card just before (or after) anchor, skipping the moving one."""
    if after:
        cond, order = "(board_position > ? OR (board_position = ? AND id > ?))", "ASC"
    else:
        cond, order = "(board_position < ? OR (board_position = ? AND id < ?))", "DESC"
    row = database().execute_sql(
        f"SELECT board_position FROM opportunity WHERE status = 'open' AND stage = ? "
        f"AND deleted_at IS NULL AND id != ? AND {cond} "
        f"ORDER BY board_position {order}, id {order} LIMIT 1",
        [stage, moving, position, position, anchor]).fetchone()
    return None if row is None else float(row[0] or 0.0)


def edge(stage: int, moving: int, top: bool) -> float:
    """Return a position above (top) or below every other open card of a stage."""
    row = database().execute_sql(
        f"SELECT {'MIN' if top else 'MAX'}(board_position) FROM opportunity WHERE status = 'open' "
        "AND stage = ? AND deleted_at IS NULL AND id != ?", [stage, moving]).fetchone()
    if row is None or row[0] is None:
        return 0.0
    return float(row[0]) - 1.0 if top else float(row[0]) + 1.0


def _new_position(stage: int, moving: int, before_id: int | None, after_id: int | None,
                  retry: bool = True) -> float:
    anchor_id = before_id if before_id is not None else after_id
    if anchor_id is None:
        return edge(stage, moving, top=True)
    anchor = _position_of(anchor_id)
    if anchor is None or anchor[0] != stage:
        raise MoveRefused("moved")  # the neighbour the rep aimed at is no longer there
    after = before_id is None
    other = _neighbour(stage, anchor[1], anchor_id, moving, after=after)
    if other is None:
        return anchor[1] + (1.0 if after else -1.0)
    low, high = sorted((anchor[1], other))
    if high - low > MIN_GAP:
        return (low + high) / 2
    if not retry:
        raise RuntimeError("board positions could not be spread")
    _renumber(stage)
    return _new_position(stage, moving, before_id, after_id, retry=False)


def move(opportunity_id: int, to_stage: int, *, expected_stage: int | None, now: datetime,
         before_id: int | None = None, after_id: int | None = None, note: str = "") -> int:
    """Move an open card to a stage and a place, with its history row, in one transaction.

    The card goes just before `before_id`, or just after `after_id`, or at the top of the
    column. Returns the stage it came from. Raises MoveRefused when the card is not where the
    rep saw it.
    """
    rules.check_stage(to_stage)
    with transaction():
        row = locked(m.Opportunity.select(m.Opportunity.stage, m.Opportunity.status,
                                          m.Opportunity.deleted_at)
                     .where(m.Opportunity.id == opportunity_id)).first()
        if row is None or row.deleted_at is not None:
            raise MoveRefused("gone")
        if row.status != vocab.OpportunityStatus.OPEN.value:
            raise MoveRefused("closed")
        if expected_stage is not None and row.stage != expected_stage:
            raise MoveRefused("moved")
        from_stage = row.stage
        position = _new_position(to_stage, opportunity_id, before_id, after_id)
        changes: dict[Any, Any] = {
            m.Opportunity.board_position: position,
            m.Opportunity.version: m.Opportunity.version + 1,
            m.Opportunity.updated_at: m.utcnow(),
        }
        if to_stage != from_stage:
            changes[m.Opportunity.stage] = to_stage
            changes[m.Opportunity.stage_entered_at] = _entered(opportunity_id, from_stage,
                                                               to_stage, now)
            m.StageChange.create(opportunity=opportunity_id, from_stage=from_stage,
                                 to_stage=to_stage, from_status="open", to_status="open",
                                 changed_at=now, note=normalise_input(note or "")[:2000])
        m.Opportunity.update(changes).where(m.Opportunity.id == opportunity_id).execute()
    return from_stage


def _entered(opportunity_id: int, from_stage: int, to_stage: int, now: datetime) -> datetime:
    """Return when the deal's clock in to_stage starts: now, or as before a slip it undoes."""
    rows = (m.StageChange.select(m.StageChange.from_stage, m.StageChange.to_stage,
                                 m.StageChange.changed_at)
            .where(m.StageChange.opportunity == opportunity_id).order_by(m.StageChange.id))
    # The rows in the order they were written: a frozen clock (demo, tests) may stamp them
    # out of order. A row whose stage or time does not parse says nothing of the clock.
    history = [rules.StageMove(row.from_stage, row.to_stage, row.changed_at) for row in rows
               if row.to_stage is not None and row.changed_at is not None]
    return rules.stage_clock([*history, rules.StageMove(from_stage, to_stage, now)]) or now


def record_created(opportunity_id: int, now: datetime, stage: int | None = None) -> None:
    """Start a new deal's history: entered its stage (stage 1 unless given) now, on top."""
    with transaction():
        row = m.Opportunity.get_by_id(opportunity_id)
        stage = rules.check_stage(stage) if stage is not None else row.stage
        position = edge(stage, opportunity_id, top=True)
        (m.Opportunity.update(stage=stage, stage_entered_at=now, board_position=position)
         .where(m.Opportunity.id == opportunity_id).execute())
        if not m.StageChange.select().where(m.StageChange.opportunity == opportunity_id).exists():
            m.StageChange.create(opportunity=opportunity_id, from_stage=None, to_stage=stage,
                                 from_status="", to_status="open", changed_at=now)

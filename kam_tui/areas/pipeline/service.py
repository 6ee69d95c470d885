"""What the pipeline area asks of the data: the board, moves, closing and each deal's own view."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import peewee as pw

from kam_tui.areas.pipeline import kinds, rules
from kam_tui.areas.pipeline.queries import board, closing, deal, moves, settings
from kam_tui.areas.pipeline.queries.board import BoardQuery, BoardStats, CardRow
from kam_tui.areas.pipeline.queries.closing import WRITTEN, ClosedFilter, ClosedRow, ReasonSum
from kam_tui.areas.pipeline.queries.deal import OpportunityDetail
from kam_tui.areas.pipeline.queries.moves import MoveRefused, MoveResult
from kam_tui.core.db import records
from kam_tui.core.db.models import utcnow
from kam_tui.core.service import RecordService

__all__ = [
    "START_FIELD", "WRITTEN", "BoardQuery", "BoardStats", "CardRow", "ClosedFilter", "ClosedRow",
    "MoveRefused", "MoveResult", "NewDealRecords", "OpportunityDetail", "PipelineService",
    "ReasonSum",
]

START_FIELD = "stage"  # the new-deal form's own field: the stage the deal starts in


class NewDealRecords(RecordService):
    """The record service a new deal's form saves through: the deal starts in the stage the
    form names (its START_FIELD), its first history row included; all else as RecordService."""

    def save(self, kind: str, raw: dict[str, Any], *, record_id: int | None = None,
             expected_version: int | None = None, parent_id: int | None = None,
             opened_values: dict[str, Any] | None = None) -> int:
        """Save as RecordService does; a new deal starts in the stage `raw` names."""
        stage = raw.get(START_FIELD)
        if kind != "opportunity" or record_id is not None or not stage:
            return super().save(kind, raw, record_id=record_id,
                                expected_version=expected_version, parent_id=parent_id,
                                opened_values=opened_values)
        with kinds.starting_in(int(stage)):
            return super().save(kind, raw, parent_id=parent_id)


class PipelineService:
    """The pipeline board's service; every call opens its own connection."""

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def _now(self) -> datetime:
        # The app's clock may be frozen (demo, tests): history must agree with days-in-stage.
        return datetime.combine(self.today(), utcnow().time())

    # --- board -------------------------------------------------------------------------------

    def stats(self, query: BoardQuery) -> BoardStats:
        """Return the six columns' figures and the headline for the filters."""
        with self.db.connection_context():
            return board.board_stats(query, self.today())

    def column_page(self, query: BoardQuery, stage: int, offset: int, limit: int
                    ) -> list[CardRow]:
        """Return one page of a column's cards."""
        with self.db.connection_context():
            return board.column_page(query, stage, offset, limit, self.today())

    def board(self, query: BoardQuery, limit: int) -> tuple[BoardStats, dict[int, list[CardRow]]]:
        """Return the figures and the first page of every column: one call for a first paint."""
        with self.db.connection_context():
            today = self.today()
            stats = board.board_stats(query, today)
            pages = {stage: board.column_page(query, stage, 0, limit, today)
                     for stage in rules.STAGE_NUMBERS}
        return stats, pages

    def ids(self, query: BoardQuery) -> list[int]:
        """Return the ids of the open deals the board shows, column by column (for an export)."""
        with self.db.connection_context():
            return board.open_ids(query)

    def locate(self, query: BoardQuery, opportunity_id: int) -> tuple[int, int] | None:
        """Return (stage, index in column) of an open card under the filters, or None."""
        with self.db.connection_context():
            return board.card_index(query, opportunity_id)

    def move(self, query: BoardQuery, opportunity_id: int, to_stage: int, *,
             expected_stage: int | None, before_id: int | None = None,
             after_id: int | None = None, note: str = "",
             shown: BoardStats | None = None,
             windows: Mapping[int, tuple[int, int]] | None = None,
             landing_page: int = 0) -> MoveResult:
        """Move a card (stage and place), record the change and return the new figures.

        Mouse drops and keys both come here. Raises MoveRefused when the card is not where the
        rep saw it; nothing changes then. `shown` is the board's figures for this query: only
        the moved card's share of them changes, so they are updated instead of re-totalled
        over every open deal (which grows with the data).

        The board's pages come back in the result, read in the move's own transaction:
        `windows` (stage -> (offset, limit)) are columns to re-read as they are, and with
        `landing_page` the target column is read from the start of the page of that size that
        holds the moved card, two pages long.
        """
        today = self.today()
        # IMMEDIATE: the figures read before the move must be the ones it changes.
        with self.db.connection_context(), records.transaction():
            # The shown figures' own thresholds: the card's share must be counted as they were.
            before = (board.card_figures(query, opportunity_id, today, shown.stall_days,
                                         shown.quiet_days)
                      if shown else None)
            from_stage = moves.move(opportunity_id, to_stage, expected_stage=expected_stage,
                                now=self._now(), before_id=before_id, after_id=after_id,
                                note=note)
            located = board.card_index(query, opportunity_id)
            after = (board.card_figures(query, opportunity_id, today, shown.stall_days,
                                         shown.quiet_days)
                     if shown and before else None)
            if shown is not None and before is not None and after is not None:
                stats = shown.with_card_moved(before, after)
            else:
                stats = board.board_stats(query, today)
            index = located[1] if located is not None else 0
            wanted = dict(windows or {})
            if landing_page > 0:
                wanted[to_stage] = (index - index % landing_page, landing_page * 2)
            pages = {stage: (offset, board.column_page(query, stage, offset, limit, today))
                     for stage, (offset, limit) in wanted.items()}
        return MoveResult(opportunity_id, from_stage, to_stage, index, stats, pages)

    def period(self) -> rules.Period:
        """Return the period the won and lost figures cover."""
        with self.db.connection_context():
            return settings.period()

    def set_period(self, period: rules.Period) -> None:
        """Store the period the won and lost figures cover."""
        with self.db.connection_context():
            settings.set_period(period)

    def stall_days(self) -> dict[int, int]:
        """Return the stall threshold of each stage."""
        with self.db.connection_context():
            return settings.stall_days()

    def set_stall_days(self, thresholds: dict[int, int],
                       quiet: dict[int, int] | None = None) -> None:
        """Store the stall thresholds: days in a stage, and days without contact when given."""
        with self.db.connection_context(), records.transaction():
            settings.set_stall_days(thresholds)
            if quiet is not None:
                settings.set_quiet_days(quiet)

    def filter_options(self) -> dict[str, list[tuple[str, Any]]]:
        """Return the owner, region and close-month filter values."""
        with self.db.connection_context():
            return board.filter_options()

    # --- closing -----------------------------------------------------------------------------

    def won(self, opportunity_id: int, *, confirmed: bool = False, note: str = "") -> int:
        """Mark a deal won (before stage 6 only with confirmed=True); return its stage."""
        with self.db.connection_context():
            return closing.close_won(opportunity_id, self._now(), confirmed=confirmed, note=note)

    def lost(self, opportunity_id: int, *, reason: str, winner: str, note: str = "") -> int:
        """Mark a deal lost with its reason and winner; return its stage."""
        with self.db.connection_context():
            return closing.close_lost(opportunity_id, self._now(), reason=reason, winner=winner,
                                note=note)

    def reopen(self, opportunity_id: int) -> int:
        """Put a closed deal back on the board; return its stage."""
        with self.db.connection_context():
            return closing.reopen(opportunity_id, self._now())

    def closed_count(self, query: BoardQuery, closed: ClosedFilter = ClosedFilter()) -> int:
        """Return how many closed deals match."""
        with self.db.connection_context():
            return closing.closed_count(query, closed)

    def closed_page(self, query: BoardQuery, offset: int, limit: int,
                    closed: ClosedFilter = ClosedFilter()) -> list[ClosedRow]:
        """Return one page of closed deals, latest first (or by reason or winner)."""
        with self.db.connection_context():
            return closing.closed_page(query, offset, limit, closed)

    def closed_list(self, query: BoardQuery, closed: ClosedFilter, limit: int
                    ) -> tuple[int, list[ClosedRow], list[ReasonSum]]:
        """Return the closed list's count, first page and sums per reason in one call."""
        with self.db.connection_context():
            return (closing.closed_count(query, closed),
                    closing.closed_page(query, 0, limit, closed),
                    closing.closed_sums(query, closed))

    def closed_winners(self, query: BoardQuery) -> list[str]:
        """Return who won the lost deals under the board's filters (the winner filter)."""
        with self.db.connection_context():
            return closing.closed_winners(query)

    def competitors(self, opportunity_id: int) -> list[str]:
        """Return the competitors on file at the deal's account (the lost dialog's winners)."""
        with self.db.connection_context():
            return closing.account_competitors(opportunity_id)

    # --- one deal ----------------------------------------------------------------------------

    def detail(self, opportunity_id: int) -> OpportunityDetail | None:
        """Return the deal's own view, or None when it is gone."""
        with self.db.connection_context():
            return deal.detail(opportunity_id, self.today())

    def set_win_rate_override(self, opportunity_id: int, rate: int | None, reason: str) -> None:
        """Set (with a reason) or clear a deal's own win rate."""
        with self.db.connection_context():
            closing.set_win_rate_override(opportunity_id, rate, reason)

    def save_scorecard(self, opportunity_id: int, weights: dict[str, float],
                       scores: dict[str, dict[str, float]]) -> None:
        """Store the deal's weights (must sum to 1.0) and the suppliers' scores."""
        with self.db.connection_context():
            deal.save_scorecard(opportunity_id, weights, scores)

    def set_contract_check(self, opportunity_id: int, item: str, done: bool,
                           agreed: str | None = None) -> None:
        """Tick or untick a contract checklist item, and say what was agreed on it if given."""
        with self.db.connection_context():
            deal.set_contract_check(opportunity_id, item, done, agreed)

    def account_name(self, account_id: int) -> str:
        """Return the name of the account a new deal is for ("" when it is gone)."""
        with self.db.connection_context():
            return deal.account_name(account_id)

    def delete(self, opportunity_id: int) -> None:
        """Soft-delete a deal (undo restores it)."""
        with self.db.connection_context():
            records.soft_delete("opportunity", opportunity_id)

"""The account and opportunities a relationship map is drawn for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kam_tui.core.db import models as m
from kam_tui.core.db.records import database
from kam_tui.core.db.sql import as_int
from kam_tui.core.domain import vocab

STAGE_NUMBERS = frozenset(stage.number for stage in vocab.STAGES)


@dataclass(frozen=True)
class OpportunityChoice:
    """An opportunity the map can be drawn for."""

    id: int
    account_id: int
    title: str
    stage: int
    status: str
    amount: int
    override: int | None = None  # the deal's own win rate, set on the board with its reason

    @property
    def win_rate(self) -> int:
        """Return the deal's win rate in percent (its own, else its stage's; 0 for no stage)."""
        return vocab.win_rate(self.stage, self.override) if self.stage in STAGE_NUMBERS else 0


def account_name(account_id: int) -> str | None:
    """Return a live account's name, or None when it is gone."""
    return (m.Account.select(m.Account.name)
            .where((m.Account.id == account_id) & m.Account.deleted_at.is_null()).scalar())


def opportunities(account_id: int) -> list[OpportunityChoice]:
    """Return the account's live opportunities, open ones first, furthest stage first."""
    rows = database().execute_sql(
        "SELECT id, account_id, title, stage, status, amount, win_rate_override "
        "FROM opportunity WHERE account_id = ? AND deleted_at IS NULL "
        "ORDER BY status = 'open' DESC, stage DESC, id DESC", [account_id]).fetchall()
    return [_choice(row) for row in rows]


def _choice(row: tuple[Any, ...]) -> OpportunityChoice:
    # A stage or amount that does not parse reads as no stage (rate 0) and no amount; an
    # override outside 0-100 % as none.
    stage, amount, override = as_int(row[3]), as_int(row[5]), as_int(row[6])
    return OpportunityChoice(row[0], row[1], row[2], stage if stage in STAGE_NUMBERS else 0,
                             row[4], amount or 0,
                             override if override is not None and 0 <= override <= 100 else None)


def opportunity(opportunity_id: int) -> OpportunityChoice | None:
    """Return one live opportunity."""
    row = database().execute_sql(
        "SELECT id, account_id, title, stage, status, amount, win_rate_override "
        "FROM opportunity WHERE id = ? AND deleted_at IS NULL", [opportunity_id]).fetchone()
    return _choice(row) if row else None

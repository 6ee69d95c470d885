"""The exchange's side tables (import batches, account match keys), made where they are needed."""

from __future__ import annotations

from kam_tui.areas.exchange.queries.batches import ensure_tables
from kam_tui.areas.exchange.queries.matching import ensure_key_table
from kam_tui.core.db import team
from kam_tui.core.db.dialect import current, is_postgres


def make_tables() -> None:
    """Create the batch and match-key tables (idempotent); on a server, secure the keys."""
    ensure_tables()
    ensure_key_table()
    if is_postgres():
        # The keys hold accounts' names and phones: a rep sees those of their own accounts.
        team.follow_accounts(current(), "exchange_account_key")

"""The exchange's side tables (import batches, account match keys), made where they are needed."""

from __future__ import annotations

from kam_tui.areas.exchange.queries.batches import ensure_tables
from kam_tui.areas.exchange.queries.matching import ensure_key_table


def make_tables() -> None:
    """Create the batch and match-key tables (idempotent)."""
    ensure_tables()
    ensure_key_table()

"""What the screens ask of accounts and their records; each call opens its own connection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.areas.customers import queries as q
from kam_tui.areas.customers.queries import (
    AccountCard,
    AccountQuery,
    AccountRow,
    LikelyDuplicate,
)
from kam_tui.core.db.records import ConflictError, NotFound, ValidationFailed

__all__ = [
    "AccountCard", "AccountQuery", "AccountRow", "AccountService", "ConflictError",
    "LikelyDuplicate", "NotFound", "ValidationFailed",
]


class AccountService:
    """The customer-card area's reads: list pages, counts, filter choices and cards.

    Saves, deletes and undo go through the one write path, `kam_tui.core.service.RecordService`.
    """

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def count(self, query: AccountQuery) -> int:
        """Return how many accounts match the query."""
        with self.db.connection_context():
            return q.count_accounts(query)

    def page(self, query: AccountQuery, offset: int, limit: int) -> list[AccountRow]:
        """Return one page of matching accounts."""
        with self.db.connection_context():
            return q.page_accounts(query, offset, limit)

    def ids(self, query: AccountQuery) -> list[int]:
        """Return the ids of every matching account in the list's order (for an export)."""
        with self.db.connection_context():
            return q.account_ids(query)

    def filter_options(self) -> dict[str, list[tuple[str, Any]]]:
        """Return the values the region and owner filters offer."""
        with self.db.connection_context():
            return q.filter_options()

    def card(self, account_id: int) -> AccountCard | None:
        """Return the customer card, or None if the account is gone."""
        with self.db.connection_context():
            return q.load_card(account_id, self.today())

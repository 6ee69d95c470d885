"""What the screens ask of accounts and their records; each call opens its own connection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.db import account_queries as q
from kam_tui.db import records
from kam_tui.db.account_queries import AccountCard, AccountQuery, AccountRow
from kam_tui.db.records import ConflictError, NotFound, ValidationFailed
from kam_tui.domain.fields import FieldSpec

__all__ = [
    "AccountCard", "AccountQuery", "AccountRow", "AccountService", "ConflictError", "NotFound",
    "ValidationFailed",
]


class AccountService:
    """The customer-card area's service: list pages, cards, saves, deletes and undo."""

    def __init__(self, db: pw.SqliteDatabase, today: Callable[[], date] = date.today) -> None:
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

    def filter_options(self) -> dict[str, list[tuple[str, Any]]]:
        """Return the values the region and owner filters offer."""
        with self.db.connection_context():
            return q.filter_options()

    def card(self, account_id: int) -> AccountCard | None:
        """Return the customer card, or None if the account is gone."""
        with self.db.connection_context():
            return q.load_card(account_id, self.today())

    def load(self, kind: str, record_id: int) -> tuple[dict[str, Any], int]:
        """Return a record's form values and version."""
        with self.db.connection_context():
            return records.load(kind, record_id)

    def save(self, kind: str, raw: dict[str, Any], *, record_id: int | None = None,
             expected_version: int | None = None, parent_id: int | None = None,
             opened_values: dict[str, Any] | None = None) -> int:
        """Validate and save; raises ValidationFailed or ConflictError and saves nothing then."""
        with self.db.connection_context():
            return records.save(kind, raw, today=self.today(), record_id=record_id,
                                expected_version=expected_version, parent_id=parent_id,
                                opened_values=opened_values)

    def delete(self, kind: str, record_id: int) -> None:
        """Soft-delete a record."""
        with self.db.connection_context():
            records.soft_delete(kind, record_id)

    def restore(self, kind: str, record_id: int) -> None:
        """Undo a soft delete."""
        with self.db.connection_context():
            records.restore(kind, record_id)

    def specs(self, kind: str) -> tuple[FieldSpec, ...]:
        """Return the fields a form for this kind of record shows."""
        return records.KINDS[kind].specs

    def ref_options(self, ref: str, account_id: int | None = None,
                    exclude_id: int | None = None) -> list[tuple[str, int]]:
        """Return (label, id) choices for a reference field."""
        with self.db.connection_context():
            return records.ref_options(ref, account_id, exclude_id)

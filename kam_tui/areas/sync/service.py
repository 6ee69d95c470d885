"""What the Conflicts screen asks of the database, each call on its own connection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import peewee as pw

from kam_tui.areas.sync import queries
from kam_tui.areas.sync.queries import ConflictGone, ConflictRow, Edit

__all__ = ["ConflictGone", "ConflictRow", "Edit", "SyncService"]


class SyncService:
    """Conflicts: count, page, take the other value, keep the kept one."""

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def first(self, limit: int) -> tuple[int, int, list[ConflictRow]]:
        """Return how many conflicts there are, how many wait, and the first page."""
        with self.db.connection_context():
            return (queries.count(self.db), queries.open_count(self.db),
                    queries.page(self.db, 0, limit))

    def page(self, offset: int, limit: int) -> list[ConflictRow]:
        """Return one page of conflicts."""
        with self.db.connection_context():
            return queries.page(self.db, offset, limit)

    def take_other(self, conflict_id: int) -> ConflictRow:
        """Write the other value over the kept one (a new edit that syncs); return the row."""
        with self.db.connection_context():
            return queries.take_other(self.db, conflict_id)

    def keep(self, conflict_id: int) -> None:
        """Mark the conflict looked at, keeping what won."""
        with self.db.connection_context():
            queries.keep(self.db, conflict_id)

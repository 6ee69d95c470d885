"""The one write path the screens use: load, save, delete and restore any kind of record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.core.db import records
from kam_tui.core.db.records import ConflictError, NotFound, ValidationFailed
from kam_tui.core.db.references import ref_options
from kam_tui.core.domain.fields import FieldSpec

__all__ = ["ConflictError", "NotFound", "RecordService", "ValidationFailed"]


class RecordService:
    """Every form's service; each call opens its own connection and writes in one transaction."""

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def load(self, kind: str, record_id: int) -> tuple[dict[str, Any], int]:
        """Return a record's form values and version."""
        with self.db.connection_context():
            return records.load(kind, record_id)

    def invalid(self, kind: str, record_id: int) -> dict[str, str]:
        """Return the raw text of a record's stored values that do not parse, by field."""
        with self.db.connection_context():
            return records.stored_invalid(kind, record_id)

    def save(self, kind: str, raw: dict[str, Any], *, record_id: int | None = None,
             expected_version: int | None = None, parent_id: int | None = None,
             opened_values: dict[str, Any] | None = None) -> int:
        """Validate and save; raises ValidationFailed or ConflictError and saves nothing then."""
        with self.db.connection_context():
            return records.save(kind, raw, today=self.today(), record_id=record_id,
                                expected_version=expected_version, parent_id=parent_id,
                                opened_values=opened_values)

    def similar(self, kind: str, raw: dict[str, Any]) -> list[Any]:
        """Return the stored records a new record with these raw values is likely to be (a
        duplicate, for the rep to decide on); [] when the kind has no such check."""
        with self.db.connection_context():
            return records.similar(kind, raw)

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
        return records.kind_of(kind).specs

    def ref_options(self, ref: str, account_id: int | None = None,
                    exclude_id: int | None = None) -> list[tuple[str, int]]:
        """Return (label, id) choices for a reference field."""
        with self.db.connection_context():
            return ref_options(ref, account_id, exclude_id)

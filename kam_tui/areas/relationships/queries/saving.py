"""Quick edits go through the generic record save, with its checks and version."""

from __future__ import annotations

from datetime import date
from typing import Any

from kam_tui.core.db import records


def save_changed(kind: str, record_id: int, changes: dict[str, Any], today: date,
                 parent_id: int | None) -> int:
    """Save a few fields of a record through the generic save, with its checks and version."""
    values, version = records.load(kind, record_id)
    opened = dict(values)
    values.update(changes)
    return records.save(kind, values, today=today, record_id=record_id,
                        expected_version=version, parent_id=parent_id, opened_values=opened)

"""The choices the reports' filters offer: the people who own deals, the regions in use."""

from __future__ import annotations

from typing import Any

from kam_tui.core.db.records import database


def filter_options() -> dict[str, list[tuple[str, Any]]]:
    """Return (label, value) choices for the owner and region filters."""
    db = database()
    # Someone who owns no live deal would only ever get empty reports.
    owners = [(name or "", staff_id) for name, staff_id in db.execute_sql(
        "SELECT s.name, s.id FROM staff s WHERE s.deleted_at IS NULL AND EXISTS ("
        "SELECT 1 FROM opportunity o WHERE o.owner_id = s.id AND o.deleted_at IS NULL) "
        "ORDER BY s.name, s.id").fetchall()]
    regions = [(region, region) for (region,) in db.execute_sql(
        "SELECT DISTINCT region FROM account WHERE deleted_at IS NULL AND region != '' "
        "ORDER BY region").fetchall()]
    return {"owner": owners, "region": regions}

"""One deal's buying group: who plays which role, and the inputs of its coverage reading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kam_tui.areas.relationships.queries.saving import save_changed
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import database, transaction
from kam_tui.core.db.sql import sql_valid_number


def invalid_weights(opportunity_id: int) -> int:
    """Return how many live roles of the opportunity hold a weight that does not parse."""
    return int(database().execute_sql(
        f"SELECT COUNT(*) FROM deal_role WHERE opportunity_id = ? AND deleted_at IS NULL "
        f"AND NOT {sql_valid_number('weight')}", [opportunity_id]).fetchone()[0])


def ensure_role(opportunity_id: int, contact_id: int) -> int:
    """Return the live deal role of a person in an opportunity, adding them to the group."""
    row = m.DealRole.get_or_none((m.DealRole.opportunity == opportunity_id)
                                 & (m.DealRole.contact == contact_id))
    if row is None:
        return m.DealRole.create(opportunity=opportunity_id, contact=contact_id).id
    if row.deleted_at is not None:
        # One row per person and deal (a unique index): a person added again starts afresh.
        (m.DealRole.update(deleted_at=None, role="", influence="medium", stance="unknown",
                           weight=0, version=m.DealRole.version + 1, updated_at=m.utcnow())
         .where(m.DealRole.id == row.id).execute())
    return row.id


def update_role(opportunity_id: int, contact_id: int,
                changes: dict[str, Any] | Callable[[dict[str, Any] | None], dict[str, Any]],
                today: date) -> int:
    """Change a person's part in an opportunity (adding them if needed); return the role id.

    `changes` may be a function of the current values (None when not in the group yet), so
    cycling a stance reads and writes in one transaction.
    """
    with transaction():
        if callable(changes):
            changes = changes(role_of(opportunity_id, contact_id))
        role_id = ensure_role(opportunity_id, contact_id)
        return save_changed("deal_role", role_id, changes, today, opportunity_id)


def add_to_group(opportunity_id: int, contact_id: int) -> int:
    """Add a person to an opportunity's buying group if not yet in it; return the role id."""
    with transaction():
        return ensure_role(opportunity_id, contact_id)


def role_of(opportunity_id: int, contact_id: int) -> dict[str, Any] | None:
    """Return a person's live deal role values, or None."""
    row = m.DealRole.alive().where((m.DealRole.opportunity == opportunity_id)
                                   & (m.DealRole.contact == contact_id)).first()
    if row is None:
        return None
    return {"id": row.id, **records.values_of(records.kind_of("deal_role"), row)}

"""One deal's buying group: who plays which role, and the inputs of its coverage reading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kam_tui.areas.relationships.queries.saving import save_changed
from kam_tui.areas.relationships.rules.coverage import Participant
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import database, transaction
from kam_tui.core.db.sql import as_date, as_int, sql_date, sql_number, sql_valid_number


def _weight() -> str:
    """SQL for a role's weight; one that does not parse (text, NaN, infinity) counts as 0."""
    # A function, not a constant: the check is spelled per engine, known once one is open.
    return f"COALESCE({sql_number('r.weight')}, 0)"


def participants(opportunity_id: int) -> list[Participant]:
    """Return the opportunity's whole buying group, wherever each person works."""
    rows = database().execute_sql(
        f"SELECT c.id, c.name, r.role, r.influence, r.stance, {_weight()}, lc.day "
        "FROM deal_role r JOIN contact c ON c.id = r.contact_id AND c.deleted_at IS NULL "
        f"LEFT JOIN (SELECT ap.contact_id AS contact_id, MAX({sql_date('a.occurred_on')}) AS day "
        "  FROM activity_person ap JOIN activity a ON a.id = ap.activity_id "
        "  AND a.deleted_at IS NULL WHERE ap.deleted_at IS NULL AND ap.contact_id IN "
        "  (SELECT contact_id FROM deal_role WHERE opportunity_id = ?) "
        "  GROUP BY ap.contact_id) lc ON lc.contact_id = c.id "
        "WHERE r.opportunity_id = ? AND r.deleted_at IS NULL "
        f"ORDER BY {_weight()} DESC, c.name", [opportunity_id, opportunity_id]).fetchall()
    return [Participant(contact_id=row[0], name=row[1], role=row[2], influence=row[3],
                        stance=row[4], weight=as_int(row[5]) or 0,
                        last_contact=as_date(row[6]))
            for row in rows]


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

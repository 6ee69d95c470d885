"""A deal's buying group as the coverage rules read it, for the map and the deal view alike."""

from __future__ import annotations

from kam_tui.core.db.records import database
from kam_tui.core.db.sql import as_date, as_int, sql_date, sql_number
from kam_tui.core.domain.coverage import Participant


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

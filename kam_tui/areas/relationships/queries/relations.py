"""Ties between people: contact to contact, or contact to one of our own people."""

from __future__ import annotations

from dataclasses import dataclass

from kam_tui.core.db.records import database


@dataclass(frozen=True)
class RelationRow:
    """A tie between a contact and another contact or one of our people."""

    id: int
    contact_id: int
    contact_name: str
    other_contact_id: int | None
    other_name: str
    staff_id: int | None
    kind: str
    note: str

    @property
    def ours(self) -> bool:
        """Return whether the other side is one of our people."""
        return self.other_contact_id is None

    def other_of(self, contact_id: int) -> tuple[int | None, str]:
        """Return (contact id or None for our side, name) of the other end, seen from one end."""
        if self.contact_id == contact_id:
            return self.other_contact_id, self.other_name
        return self.contact_id, self.contact_name


_RELATION_SQL = (
    "SELECT r.id, r.contact_id, c.name, r.other_contact_id, COALESCE(o.name, s.name, ''), "
    "r.staff_id, r.kind, r.note FROM relation r "
    "JOIN contact c ON c.id = r.contact_id AND c.deleted_at IS NULL "
    "LEFT JOIN contact o ON o.id = r.other_contact_id AND o.deleted_at IS NULL "
    "LEFT JOIN staff s ON s.id = r.staff_id AND s.deleted_at IS NULL "
    "WHERE r.deleted_at IS NULL AND (o.id IS NOT NULL OR s.id IS NOT NULL) AND ({where}) "
    "ORDER BY c.name, r.id"
)


def relations(account_id: int) -> list[RelationRow]:
    """Return the live relations that touch the account's people."""
    rows = database().execute_sql(
        _RELATION_SQL.format(where="c.account_id = ? OR o.account_id = ?"),
        [account_id, account_id]).fetchall()
    return [RelationRow(*row) for row in rows]


def relations_of(contact_id: int) -> list[RelationRow]:
    """Return the live relations of one person, either end."""
    rows = database().execute_sql(
        _RELATION_SQL.format(where="r.contact_id = ? OR r.other_contact_id = ?"),
        [contact_id, contact_id]).fetchall()
    return [RelationRow(*row) for row in rows]

"""An account's people: the org chart, each person's file, last contacts and edits to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kam_tui.areas.relationships.queries.accounts import account_name
from kam_tui.areas.relationships.queries.relations import RelationRow, relations_of
from kam_tui.areas.relationships.queries.saving import save_changed
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import NotFound, database, transaction
from kam_tui.core.db.sql import as_date, sql_date, sql_number

PERSON_ACTIVITY_LIMIT = 20


@dataclass(frozen=True)
class PersonRow:
    """One person of the org chart with their part in the chosen opportunity; no private data."""

    id: int
    name: str
    title: str
    department: str
    reports_to_id: int | None
    closeness: str
    is_main: bool
    owner: str  # who on our side holds the relationship
    role_id: int | None = None  # None: not in this opportunity's buying group
    role: str = ""
    influence: str = ""
    stance: str = ""
    weight: int = 0
    last_contact: date | None = None


@dataclass
class PersonFile:
    """One person's own file, private fields included: for their detail view only."""

    id: int
    account_id: int
    account_name: str
    values: dict[str, Any]
    reports_to: str
    owner: str
    last_contact: date | None
    roles: list[tuple[str, str, str, str, int, str]]  # opportunity, role, stance, influence, weight, next step
    relations: list[RelationRow]
    activities: list[tuple[date, str, str, str]] = field(default_factory=list)


def last_contacts(account_id: int) -> dict[int, date]:
    """Return each contact's last contact date at the account, in one aggregate query."""
    rows = database().execute_sql(
        f"SELECT ap.contact_id, MAX({sql_date('a.occurred_on')}) FROM activity_person ap "
        "JOIN activity a ON a.id = ap.activity_id "
        "WHERE a.account_id = ? AND a.deleted_at IS NULL AND ap.deleted_at IS NULL "
        "AND ap.contact_id IS NOT NULL GROUP BY ap.contact_id", [account_id]).fetchall()
    return {contact_id: as_date(day) for contact_id, day in rows if day is not None}


def people(account_id: int, opportunity_id: int | None) -> list[PersonRow]:
    """Return the account's live contacts with their role in the opportunity and last contact."""
    rows = database().execute_sql(
        "SELECT c.id, c.name, c.title, c.department, c.reports_to_id, c.closeness, c.is_main, "
        "COALESCE(s.name, ''), r.id, COALESCE(r.role, ''), COALESCE(r.influence, ''), "
        f"COALESCE(r.stance, ''), COALESCE({sql_number('r.weight')}, 0) "
        "FROM contact c "
        "LEFT JOIN staff s ON s.id = c.relationship_owner_id AND s.deleted_at IS NULL "
        "LEFT JOIN deal_role r ON r.contact_id = c.id AND r.opportunity_id = ? "
        "AND r.deleted_at IS NULL "
        "WHERE c.account_id = ? AND c.deleted_at IS NULL "
        "ORDER BY c.is_main DESC, c.department, c.name, c.id",
        [opportunity_id or 0, account_id]).fetchall()
    last = last_contacts(account_id)
    return [PersonRow(id=row[0], name=row[1], title=row[2], department=row[3],
                      reports_to_id=row[4], closeness=row[5], is_main=bool(row[6]),
                      owner=row[7], role_id=row[8], role=row[9], influence=row[10],
                      stance=row[11], weight=row[12], last_contact=last.get(row[0]))
            for row in rows]


def person_file(contact_id: int) -> PersonFile | None:
    """Return one live person's whole file, private fields included."""
    row = m.Contact.alive().where(m.Contact.id == contact_id).first()
    if row is None:
        return None
    values = records.values_of(records.kind_of("contact"), row)
    boss = (m.Contact.select(m.Contact.name).where(m.Contact.id == row.reports_to_id).scalar()
            if row.reports_to_id else "")
    owner = (m.Staff.select(m.Staff.name).where(m.Staff.id == row.relationship_owner_id)
             .scalar() if row.relationship_owner_id else "")
    roles = database().execute_sql(
        f"SELECT o.title, r.role, r.stance, r.influence, COALESCE({sql_number('r.weight')}, 0), "
        "r.next_step "
        "FROM deal_role r JOIN opportunity o ON o.id = r.opportunity_id AND o.deleted_at IS NULL "
        "WHERE r.contact_id = ? AND r.deleted_at IS NULL "
        "ORDER BY o.status = 'open' DESC, o.stage DESC", [contact_id]).fetchall()
    activities = database().execute_sql(
        "SELECT a.occurred_on, a.kind, a.summary, a.result FROM activity a "
        "JOIN activity_person ap ON ap.activity_id = a.id AND ap.deleted_at IS NULL "
        "WHERE ap.contact_id = ? AND a.deleted_at IS NULL "
        "ORDER BY a.occurred_on DESC, a.id DESC LIMIT ?",
        [contact_id, PERSON_ACTIVITY_LIMIT]).fetchall()
    return PersonFile(
        id=row.id, account_id=row.account_id, account_name=account_name(row.account_id) or "",
        values=values, reports_to=boss or "", owner=owner or "",
        last_contact=as_date(activities[0][0]) if activities else None,
        roles=[tuple(item) for item in roles], relations=relations_of(contact_id),
        activities=[(as_date(day), kind, summary, result)
                    for day, kind, summary, result in activities])


def set_reports_to(contact_id: int, boss_id: int | None, today: date) -> None:
    """Set whom a person reports to; refuses loops through the generic save's checks."""
    account_id = m.Contact.select(m.Contact.account).where(m.Contact.id == contact_id).scalar()
    if account_id is None:
        raise NotFound(f"no contact {contact_id}")
    with transaction():
        save_changed("contact", contact_id, {"reports_to_id": boss_id}, today, account_id)


def reports_to_options(contact_id: int) -> list[tuple[str, int]]:
    """Return whom a person may report to: colleagues who are not below them."""
    account_id = m.Contact.select(m.Contact.account).where(m.Contact.id == contact_id).scalar()
    rows = database().execute_sql(
        "SELECT id, name, title, reports_to_id FROM contact WHERE account_id = ? "
        "AND deleted_at IS NULL ORDER BY department, name, id", [account_id]).fetchall()
    below: set[int] = {contact_id}
    children: dict[int, list[int]] = {}
    for cid, _name, _title, boss in rows:
        if boss is not None:
            children.setdefault(boss, []).append(cid)
    stack = [contact_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in below:
                below.add(child)
                stack.append(child)
    return [(f"{name} · {title}" if title else name, cid)
            for cid, name, title, _boss in rows if cid not in below]


def link_activity(activity_id: int, contact_id: int, opportunity_id: int | None) -> None:
    """Record that a person took part in an activity, and which deal it was about."""
    with transaction():
        exists = (m.ActivityPerson.alive()
                  .where((m.ActivityPerson.activity == activity_id)
                         & (m.ActivityPerson.contact == contact_id)).exists())
        if not exists:
            m.ActivityPerson.create(activity=activity_id, contact=contact_id)
        if opportunity_id is not None:
            (m.Activity.update(opportunity=opportunity_id)
             .where((m.Activity.id == activity_id) & m.Activity.opportunity.is_null()).execute())

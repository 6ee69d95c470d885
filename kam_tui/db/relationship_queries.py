"""The relationship map in SQL: an account's people, one deal's roles, relations, last contacts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kam_tui.db import models as m
from kam_tui.db import records
from kam_tui.db.records import NotFound, RecordKind
from kam_tui.domain import vocab
from kam_tui.domain.coverage import Participant
from kam_tui.domain.fields import FieldError
from kam_tui.domain.relationship_fields import DEAL_ROLE_FIELDS, RELATION_FIELDS

def _check_deal_role(values: dict[str, Any], record_id: int | None,
                     parent_id: int | None) -> dict[str, FieldError]:
    """A person has one role in a deal: say so at the field instead of a database error."""
    opportunity = parent_id if parent_id is not None else (
        m.DealRole.select(m.DealRole.opportunity).where(m.DealRole.id == record_id).scalar())
    taken = m.DealRole.select().where((m.DealRole.opportunity == opportunity)
                                      & (m.DealRole.contact == values.get("contact_id")))
    if record_id is not None:
        taken = taken.where(m.DealRole.id != record_id)
    if taken.exists():
        return {"contact_id": FieldError("This person already has a role in this deal",
                                         "此人在该项目中已有角色")}
    return {}


def _check_relation(values: dict[str, Any], record_id: int | None,
                    parent_id: int | None) -> dict[str, FieldError]:
    """A relation ties the person to someone else: another person or one of our people."""
    person = parent_id if parent_id is not None else (
        m.Relation.select(m.Relation.contact).where(m.Relation.id == record_id).scalar())
    other, staff = values.get("other_contact_id"), values.get("staff_id")
    if other is None and staff is None:
        return {"other_contact_id": FieldError("Pick the other person, on either side",
                                               "请选择对方人员（客户方或我方）")}
    if other is not None and other == person:
        return {"other_contact_id": FieldError("A person cannot be related to themselves",
                                               "不能与自己建立关系")}
    return {}


DEAL_ROLE = records.register_kind(
    RecordKind("deal_role", m.DealRole, DEAL_ROLE_FIELDS, parent="opportunity",
               check=_check_deal_role))
RELATION = records.register_kind(
    RecordKind("relation", m.Relation, RELATION_FIELDS, parent="contact", check=_check_relation))

LAST_ACCOUNT_KEY = "relationships.last_account"
LAST_OPPORTUNITY_KEY = "relationships.last_opportunity.{account_id}"
PERSON_ACTIVITY_LIMIT = 20


@dataclass(frozen=True)
class OpportunityChoice:
    """An opportunity the map can be drawn for."""

    id: int
    account_id: int
    title: str
    stage: int
    status: str
    amount: int

    @property
    def win_rate(self) -> int:
        """Return the stage's standard win rate in percent."""
        return vocab.stage(self.stage).win_rate if 1 <= self.stage <= 6 else 0


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


@dataclass
class MapData:
    """Everything the relationship map shows for one account and one of its opportunities."""

    account_id: int
    account_name: str
    opportunity: OpportunityChoice | None
    people: list[PersonRow]
    participants: list[Participant]  # the opportunity's whole buying group
    relations: list[RelationRow]
    opportunity_count: int = 0


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


def _db():
    return m.Contact._meta.database


def _writing():
    """Open a write transaction that takes the write lock at once.

    A deferred transaction that reads first fails with "database is locked" when another
    connection writes in between (WAL snapshots); an immediate one waits for busy_timeout.
    """
    return _db().atomic("IMMEDIATE")


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# --- settings --------------------------------------------------------------------------------

def get_setting(key: str) -> str:
    """Return a stored setting, or an empty string."""
    row = m.Setting.get_or_none(m.Setting.key == key)
    return row.value if row else ""


def set_setting(key: str, value: str) -> None:
    """Store a setting, writing only when it changes."""
    if get_setting(key) != value:
        with _writing():
            m.Setting.insert(key=key, value=value).on_conflict_replace().execute()


# --- accounts and opportunities --------------------------------------------------------------

def account_name(account_id: int) -> str | None:
    """Return a live account's name, or None when it is gone."""
    return (m.Account.select(m.Account.name)
            .where((m.Account.id == account_id) & m.Account.deleted_at.is_null()).scalar())


def opportunities(account_id: int) -> list[OpportunityChoice]:
    """Return the account's live opportunities, open ones first, furthest stage first."""
    rows = _db().execute_sql(
        "SELECT id, account_id, title, stage, status, amount FROM opportunity "
        "WHERE account_id = ? AND deleted_at IS NULL "
        "ORDER BY status = 'open' DESC, stage DESC, id DESC", [account_id]).fetchall()
    return [OpportunityChoice(*row) for row in rows]


def opportunity(opportunity_id: int) -> OpportunityChoice | None:
    """Return one live opportunity."""
    row = _db().execute_sql(
        "SELECT id, account_id, title, stage, status, amount FROM opportunity "
        "WHERE id = ? AND deleted_at IS NULL", [opportunity_id]).fetchone()
    return OpportunityChoice(*row) if row else None


# --- the map ---------------------------------------------------------------------------------

def last_contacts(account_id: int) -> dict[int, date]:
    """Return each contact's last contact date at the account, in one aggregate query."""
    rows = _db().execute_sql(
        "SELECT ap.contact_id, MAX(a.occurred_on) FROM activity_person ap "
        "JOIN activity a ON a.id = ap.activity_id "
        "WHERE a.account_id = ? AND a.deleted_at IS NULL AND ap.deleted_at IS NULL "
        "AND ap.contact_id IS NOT NULL GROUP BY ap.contact_id", [account_id]).fetchall()
    return {contact_id: _as_date(day) for contact_id, day in rows if day is not None}


def people(account_id: int, opportunity_id: int | None) -> list[PersonRow]:
    """Return the account's live contacts with their role in the opportunity and last contact."""
    rows = _db().execute_sql(
        "SELECT c.id, c.name, c.title, c.department, c.reports_to_id, c.closeness, c.is_main, "
        "COALESCE(s.name, ''), r.id, COALESCE(r.role, ''), COALESCE(r.influence, ''), "
        "COALESCE(r.stance, ''), COALESCE(r.weight, 0) "
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


def participants(opportunity_id: int) -> list[Participant]:
    """Return the opportunity's whole buying group, wherever each person works."""
    rows = _db().execute_sql(
        "SELECT c.id, c.name, r.role, r.influence, r.stance, r.weight, lc.day "
        "FROM deal_role r JOIN contact c ON c.id = r.contact_id AND c.deleted_at IS NULL "
        "LEFT JOIN (SELECT ap.contact_id AS contact_id, MAX(a.occurred_on) AS day "
        "  FROM activity_person ap JOIN activity a ON a.id = ap.activity_id "
        "  AND a.deleted_at IS NULL WHERE ap.deleted_at IS NULL AND ap.contact_id IN "
        "  (SELECT contact_id FROM deal_role WHERE opportunity_id = ?) "
        "  GROUP BY ap.contact_id) lc ON lc.contact_id = c.id "
        "WHERE r.opportunity_id = ? AND r.deleted_at IS NULL "
        "ORDER BY r.weight DESC, c.name", [opportunity_id, opportunity_id]).fetchall()
    return [Participant(contact_id=row[0], name=row[1], role=row[2], influence=row[3],
                        stance=row[4], weight=row[5], last_contact=_as_date(row[6]))
            for row in rows]


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
    rows = _db().execute_sql(
        _RELATION_SQL.format(where="c.account_id = ? OR o.account_id = ?"),
        [account_id, account_id]).fetchall()
    return [RelationRow(*row) for row in rows]


def relations_of(contact_id: int) -> list[RelationRow]:
    """Return the live relations of one person, either end."""
    rows = _db().execute_sql(
        _RELATION_SQL.format(where="r.contact_id = ? OR r.other_contact_id = ?"),
        [contact_id, contact_id]).fetchall()
    return [RelationRow(*row) for row in rows]


def load_map(account_id: int, opportunity_id: int | None) -> MapData | None:
    """Return the map of a live account; the opportunity must belong to it or is dropped."""
    name = account_name(account_id)
    if name is None:
        return None
    choices = opportunities(account_id)
    chosen = next((item for item in choices if item.id == opportunity_id), None)
    return MapData(
        account_id=account_id, account_name=name, opportunity=chosen,
        people=people(account_id, chosen.id if chosen else None),
        participants=participants(chosen.id) if chosen else [],
        relations=relations(account_id), opportunity_count=len(choices))


def person_file(contact_id: int) -> PersonFile | None:
    """Return one live person's whole file, private fields included."""
    row = m.Contact.alive().where(m.Contact.id == contact_id).first()
    if row is None:
        return None
    values = records.values_of(records.KINDS["contact"], row)
    boss = (m.Contact.select(m.Contact.name).where(m.Contact.id == row.reports_to_id).scalar()
            if row.reports_to_id else "")
    owner = (m.Staff.select(m.Staff.name).where(m.Staff.id == row.relationship_owner_id)
             .scalar() if row.relationship_owner_id else "")
    roles = _db().execute_sql(
        "SELECT o.title, r.role, r.stance, r.influence, r.weight, r.next_step "
        "FROM deal_role r JOIN opportunity o ON o.id = r.opportunity_id AND o.deleted_at IS NULL "
        "WHERE r.contact_id = ? AND r.deleted_at IS NULL "
        "ORDER BY o.status = 'open' DESC, o.stage DESC", [contact_id]).fetchall()
    activities = _db().execute_sql(
        "SELECT a.occurred_on, a.kind, a.summary, a.result FROM activity a "
        "JOIN activity_person ap ON ap.activity_id = a.id AND ap.deleted_at IS NULL "
        "WHERE ap.contact_id = ? AND a.deleted_at IS NULL "
        "ORDER BY a.occurred_on DESC, a.id DESC LIMIT ?",
        [contact_id, PERSON_ACTIVITY_LIMIT]).fetchall()
    return PersonFile(
        id=row.id, account_id=row.account_id, account_name=account_name(row.account_id) or "",
        values=values, reports_to=boss or "", owner=owner or "",
        last_contact=_as_date(activities[0][0]) if activities else None,
        roles=[tuple(item) for item in roles], relations=relations_of(contact_id),
        activities=[(_as_date(day), kind, summary, result)
                    for day, kind, summary, result in activities])


# --- quick edits -----------------------------------------------------------------------------

def _save_changed(kind: str, record_id: int, changes: dict[str, Any], today: date,
                  parent_id: int | None) -> int:
    """Save a few fields of a record through the generic save, with its checks and version."""
    values, version = records.load(kind, record_id)
    opened = dict(values)
    values.update(changes)
    return records.save(kind, values, today=today, record_id=record_id,
                        expected_version=version, parent_id=parent_id, opened_values=opened)


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
    with _writing():
        if callable(changes):
            changes = changes(role_of(opportunity_id, contact_id))
        role_id = ensure_role(opportunity_id, contact_id)
        return _save_changed("deal_role", role_id, changes, today, opportunity_id)


def add_to_group(opportunity_id: int, contact_id: int) -> int:
    """Add a person to an opportunity's buying group if not yet in it; return the role id."""
    with _writing():
        return ensure_role(opportunity_id, contact_id)


def role_of(opportunity_id: int, contact_id: int) -> dict[str, Any] | None:
    """Return a person's live deal role values, or None."""
    row = m.DealRole.alive().where((m.DealRole.opportunity == opportunity_id)
                                   & (m.DealRole.contact == contact_id)).first()
    return None if row is None else {"id": row.id, **records.values_of(DEAL_ROLE, row)}


def set_reports_to(contact_id: int, boss_id: int | None, today: date) -> None:
    """Set whom a person reports to; refuses loops through the generic save's checks."""
    account_id = m.Contact.select(m.Contact.account).where(m.Contact.id == contact_id).scalar()
    if account_id is None:
        raise NotFound(f"no contact {contact_id}")
    with _writing():
        _save_changed("contact", contact_id, {"reports_to_id": boss_id}, today, account_id)


def reports_to_options(contact_id: int) -> list[tuple[str, int]]:
    """Return whom a person may report to: colleagues who are not below them."""
    account_id = m.Contact.select(m.Contact.account).where(m.Contact.id == contact_id).scalar()
    rows = _db().execute_sql(
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
    with _writing():
        exists = (m.ActivityPerson.alive()
                  .where((m.ActivityPerson.activity == activity_id)
                         & (m.ActivityPerson.contact == contact_id)).exists())
        if not exists:
            m.ActivityPerson.create(activity=activity_id, contact=contact_id)
        if opportunity_id is not None:
            (m.Activity.update(opportunity=opportunity_id)
             .where((m.Activity.id == activity_id) & m.Activity.opportunity.is_null()).execute())

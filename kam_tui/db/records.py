"""Generic create, update with conflict check, soft delete and undo for the records reps edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.db import models as m
from kam_tui.domain import fields as f
from kam_tui.domain.fields import FieldError, FieldSpec
from kam_tui.domain.search import search_text


class ValidationFailed(ValueError):
    """One or more fields were refused; nothing was saved."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        super().__init__(", ".join(f"{name}: {error.en}" for name, error in errors.items()))
        self.errors = errors


class ConflictError(RuntimeError):
    """The record changed (or was deleted) elsewhere since it was opened."""

    def __init__(self, kind: str, record_id: int, current: dict[str, Any] | None,
                 changed: tuple[str, ...], current_version: int | None = None) -> None:
        super().__init__(f"{kind} {record_id} changed since it was opened")
        self.kind = kind
        self.record_id = record_id
        self.current = current  # None when the record was deleted
        self.changed = changed  # fields whose stored value differs from what was opened
        self.current_version = current_version  # save again with this to overwrite theirs


class NotFound(LookupError):
    """No live record with that id."""


@dataclass(frozen=True)
class RecordKind:
    """A kind of record a rep edits: its model, its fields and its parent link."""

    name: str
    model: type[m.BaseModel]
    specs: tuple[FieldSpec, ...]
    parent: str = "account"  # the foreign key to the owning account ("" for accounts)
    # Rules across fields or rows: (values, record id, parent id) -> errors at fields.
    check: Callable[[dict[str, Any], int | None, int | None], dict[str, FieldError]] | None = None


KINDS: dict[str, RecordKind] = {
    "account": RecordKind("account", m.Account, f.ACCOUNT_FIELDS, parent=""),
    "contact": RecordKind("contact", m.Contact, f.CONTACT_FIELDS),
    "purchase": RecordKind("purchase", m.Purchase, f.PURCHASE_FIELDS),
    "activity": RecordKind("activity", m.Activity, f.ACTIVITY_FIELDS),
    "competitor": RecordKind("competitor", m.CompetitorPresence, f.COMPETITOR_FIELDS),
    "product": RecordKind("product", m.ProductInUse, f.PRODUCT_FIELDS),
    "opportunity": RecordKind("opportunity", m.Opportunity, f.OPPORTUNITY_FIELDS),
}


def register_kind(kind: RecordKind) -> RecordKind:
    """Add a kind of record from another area's module; a name is registered once."""
    existing = KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"record kind {kind.name!r} is already registered")
    KINDS[kind.name] = kind
    return kind


def _column(name: str) -> str:
    """Map a form field name to the model attribute (owner_id -> owner)."""
    return name[:-3] if name.endswith("_id") else name


def values_of(kind: RecordKind, row: m.BaseModel) -> dict[str, Any]:
    """Return a row's form values keyed by field name."""
    out: dict[str, Any] = {}
    for spec in kind.specs:
        if spec.kind is f.Kind.REF:
            out[spec.name] = getattr(row, f"{_column(spec.name)}_id")
        else:
            out[spec.name] = getattr(row, spec.name)
    return out


def _normalised(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def load(kind_name: str, record_id: int) -> tuple[dict[str, Any], int]:
    """Return a live record's values and version."""
    kind = KINDS[kind_name]
    row = kind.model.alive().where(kind.model.id == record_id).first()
    if row is None:
        raise NotFound(f"no {kind_name} {record_id}")
    return values_of(kind, row), row.version


def save(kind_name: str, raw: dict[str, Any], *, today: date, record_id: int | None = None,
         expected_version: int | None = None, parent_id: int | None = None,
         opened_values: dict[str, Any] | None = None) -> int:
    """Validate and save a record in one transaction; return its id.

    Raises ValidationFailed (nothing saved) or ConflictError when the stored version is not the
    one the rep opened.
    """
    kind = KINDS[kind_name]
    values, errors = f.validate(kind.specs, raw, today)
    errors.update(_cross_check(kind_name, values, record_id, parent_id))
    if errors:
        raise ValidationFailed(errors)
    model = kind.model
    data = {_column(name): value for name, value in values.items()}
    # An empty optional number means "not given": a column that cannot hold NULL takes its default.
    for column, value in list(data.items()):
        field = model._meta.fields.get(column)
        if value is None and field is not None and not field.null and field.default is not None:
            data[column] = field.default() if callable(field.default) else field.default
    db = model._meta.database
    with db.atomic():
        if record_id is None:
            if kind.parent:
                if parent_id is None:
                    raise ValueError(f"a {kind_name} needs its account")
                data[kind.parent] = parent_id
            row = model.create(**data)
            record_id = row.id
        else:
            updated = (
                model.update(**data, version=model.version + 1, updated_at=m.utcnow())
                .where(
                    (model.id == record_id)
                    & (model.version == expected_version)
                    & model.deleted_at.is_null()
                )
                .execute()
            )
            if updated == 0:
                raise _conflict(kind, record_id, opened_values)
        _after_save(kind_name, record_id, data)
    return record_id


def _cross_check(kind_name: str, values: dict[str, Any], record_id: int | None,
                 parent_id: int | None) -> dict[str, FieldError]:
    errors: dict[str, FieldError] = {}
    if kind_name == "contact" and record_id is not None and values.get("reports_to_id") == record_id:
        errors["reports_to_id"] = FieldError("A person cannot report to themselves",
                                             "不能设置自己为上级")
    elif kind_name == "contact" and values.get("reports_to_id") and record_id is not None:
        boss = values["reports_to_id"]
        seen = {record_id}
        while boss is not None and boss not in seen:
            seen.add(boss)
            boss = m.Contact.select(m.Contact.reports_to).where(m.Contact.id == boss).scalar()
        if boss is not None:
            errors["reports_to_id"] = FieldError("That would make a reporting loop",
                                                 "这会形成汇报关系循环")
    elif kind_name == "revisit_rule" and (parent_id is not None or record_id is not None):
        # One row per account and rule (a unique index): say so at the field, not as an error.
        account_id = parent_id if parent_id is not None else (
            m.RevisitRule.select(m.RevisitRule.account).where(m.RevisitRule.id == record_id)
            .scalar())
        taken = m.RevisitRule.select().where(
            (m.RevisitRule.account == account_id) & (m.RevisitRule.rule == values.get("rule")))
        if record_id is not None:
            taken = taken.where(m.RevisitRule.id != record_id)
        if taken.exists():
            errors["rule"] = FieldError("This rule is already set for the account",
                                        "该客户已设置此规则")
    kind = KINDS[kind_name]
    if kind.check is not None:
        errors.update(kind.check(values, record_id, parent_id))
    return errors


def _conflict(kind: RecordKind, record_id: int, opened: dict[str, Any] | None) -> ConflictError:
    row = kind.model.alive().where(kind.model.id == record_id).first()
    if row is None:
        return ConflictError(kind.name, record_id, None, ())
    current = values_of(kind, row)
    changed = tuple(
        name for name in current
        if opened is not None and _normalised(opened.get(name)) != _normalised(current[name])
    )
    return ConflictError(kind.name, record_id, current, changed, row.version)


def _after_save(kind_name: str, record_id: int, data: dict[str, Any]) -> None:
    if kind_name == "account":
        refresh_search_text(record_id)
    elif kind_name == "contact":
        account_id = m.Contact.select(m.Contact.account).where(m.Contact.id == record_id).scalar()
        if data.get("is_main"):
            # Bump the version of the contact that loses the flag, so a form open on it conflicts.
            (m.Contact.update(is_main=False, version=m.Contact.version + 1, updated_at=m.utcnow())
             .where((m.Contact.account == account_id) & (m.Contact.id != record_id)
                    & (m.Contact.is_main == True)).execute())  # noqa: E712
        refresh_search_text(account_id)


def refresh_search_text(account_id: int) -> None:
    """Rebuild the account's search haystack from its names, phone and live contacts."""
    account = m.Account.get_by_id(account_id)
    contact_names = [
        name for (name,) in m.Contact.alive()
        .select(m.Contact.name).where(m.Contact.account == account_id).tuples()
    ]
    text = search_text(account.name, account.short_name, account.phone, contact_names)
    m.Account.update(search_text=text).where(m.Account.id == account_id).execute()


def soft_delete(kind_name: str, record_id: int) -> None:
    """Mark a record deleted; it stays in the file and can be restored."""
    model = KINDS[kind_name].model
    with model._meta.database.atomic():
        (model.update(deleted_at=m.utcnow(), updated_at=m.utcnow(), version=model.version + 1)
         .where((model.id == record_id) & model.deleted_at.is_null()).execute())
        if kind_name == "contact":
            account_id = model.select(model.account).where(model.id == record_id).scalar()
            refresh_search_text(account_id)


def restore(kind_name: str, record_id: int) -> None:
    """Undo a soft delete."""
    model = KINDS[kind_name].model
    with model._meta.database.atomic():
        (model.update(deleted_at=None, updated_at=m.utcnow(), version=model.version + 1)
         .where(model.id == record_id).execute())
        if kind_name == "contact":
            account_id = model.select(model.account).where(model.id == record_id).scalar()
            refresh_search_text(account_id)


def ref_options(ref: str, account_id: int | None = None,
                exclude_id: int | None = None) -> list[tuple[str, int]]:
    """Return (label, id) options for a reference field."""
    query: pw.ModelSelect
    if ref == "staff":
        query = m.Staff.alive().where(m.Staff.role != "dealer").order_by(m.Staff.name)
        return [(row.name, row.id) for row in query]
    if ref == "dealer":
        query = m.Staff.alive().where(m.Staff.role == "dealer").order_by(m.Staff.name)
        return [(row.name, row.id) for row in query]
    if ref == "contact":
        query = (m.Contact.alive().where(m.Contact.account == account_id)
                 .order_by(m.Contact.department, m.Contact.name))
        return [
            (f"{row.name} · {row.title}" if row.title else row.name, row.id)
            for row in query if row.id != exclude_id
        ]
    raise ValueError(f"unknown reference list {ref!r}")

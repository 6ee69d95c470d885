"""The records the relationship map edits: a person's role in a deal, relations between people."""

from __future__ import annotations

from typing import Any

from kam_tui.areas.relationships.rules.fields import DEAL_ROLE_FIELDS, RELATION_FIELDS
from kam_tui.core.db import models as m
from kam_tui.core.db.records import RecordKind
from kam_tui.core.db.sql import as_int
from kam_tui.core.domain.fields import FieldError


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
        return {"contact_id": FieldError.keyed("error.role_taken")}
    return _check_weights(values, record_id, opportunity)


def _check_weights(values: dict[str, Any], record_id: int | None,
                   opportunity: int | None) -> dict[str, FieldError]:
    """A buying group's weights add up to at most 100% (DOMAIN §3); lowering one is always fine."""
    weight = as_int(values.get("weight")) or 0
    before = 0 if record_id is None else as_int(
        m.DealRole.select(m.DealRole.weight).where(m.DealRole.id == record_id).scalar()) or 0
    if weight <= before:
        return {}  # a group already over 100% (older data) can still be put right
    others = m.DealRole.alive().where(m.DealRole.opportunity == opportunity)
    if record_id is not None:
        others = others.where(m.DealRole.id != record_id)
    total = weight + sum(as_int(row.weight) or 0 for row in others.select(m.DealRole.weight))
    if total > 100:
        return {"weight": FieldError.keyed("error.weights_over", total=total)}
    return {}


def _check_relation(values: dict[str, Any], record_id: int | None,
                    parent_id: int | None) -> dict[str, FieldError]:
    """A relation ties the person to someone else: another person or one of our people."""
    person = parent_id if parent_id is not None else (
        m.Relation.select(m.Relation.contact).where(m.Relation.id == record_id).scalar())
    other, staff = values.get("other_contact_id"), values.get("staff_id")
    if other is None and staff is None:
        return {"other_contact_id": FieldError.keyed("error.relation_needs_other")}
    if other is not None and other == person:
        return {"other_contact_id": FieldError.keyed("error.relation_self")}
    return {}


DEAL_ROLE = RecordKind("deal_role", m.DealRole, DEAL_ROLE_FIELDS, parent="opportunity",
                       check=_check_deal_role)
RELATION = RecordKind("relation", m.Relation, RELATION_FIELDS, parent="contact",
                      check=_check_relation)
KINDS = (DEAL_ROLE, RELATION)

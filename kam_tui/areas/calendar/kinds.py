"""The records the calendar edits: a revisit, and an account's cadence rule settings."""

from __future__ import annotations

from typing import Any

from kam_tui.areas.calendar.rules.fields import REVISIT_FIELDS, RULE_FIELDS
from kam_tui.core.db import models as m
from kam_tui.core.db.records import RecordKind
from kam_tui.core.domain.fields import FieldError


def _check_rule(values: dict[str, Any], record_id: int | None,
                parent_id: int | None) -> dict[str, FieldError]:
    """One row per account and rule (a unique index): say so at the field, not as an error."""
    if parent_id is None and record_id is None:
        return {}
    account_id = parent_id if parent_id is not None else (
        m.RevisitRule.select(m.RevisitRule.account).where(m.RevisitRule.id == record_id).scalar())
    taken = m.RevisitRule.select().where(
        (m.RevisitRule.account == account_id) & (m.RevisitRule.rule == values.get("rule")))
    if record_id is not None:
        taken = taken.where(m.RevisitRule.id != record_id)
    if taken.exists():
        return {"rule": FieldError.keyed("error.rule_taken")}
    return {}


KINDS = (
    RecordKind("revisit", m.Revisit, REVISIT_FIELDS),
    RecordKind("revisit_rule", m.RevisitRule, RULE_FIELDS, check=_check_rule),
)

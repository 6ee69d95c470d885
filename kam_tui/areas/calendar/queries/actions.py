"""Acting on a revisit: complete, reschedule or skip it, and what its forms offer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.areas.calendar.queries.generation import generate
from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import locked
from kam_tui.core.db.records import ValidationFailed, bump, transaction
from kam_tui.core.db.references import ref_options
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.text import normalise_input
from kam_tui.core.domain.vocab import CadenceRule

MAX_SKIP_REASON = 500


class RevisitChanged(RuntimeError):
    """The revisit was changed or deleted elsewhere since it was shown; nothing was saved."""


def _update(revisit_id: int, expected_version: int, **values: Any) -> None:
    updated = (m.Revisit.update(**values, version=m.Revisit.version + 1, updated_at=m.utcnow())
               .where((m.Revisit.id == revisit_id) & (m.Revisit.version == expected_version)
                      & m.Revisit.deleted_at.is_null()).execute())
    if updated == 0:
        raise RevisitChanged(f"revisit {revisit_id} changed since it was shown")


def complete(revisit_id: int, expected_version: int, raw: dict[str, Any], *,
             contact_ids: Iterable[int] = (), staff_ids: Iterable[int] = (),
             today: date) -> tuple[int, int | None]:
    """Log the contact that carries out a revisit, mark it done, and plan its next step.

    `raw` holds the activity fields (kam_tui.core.domain.fields.ACTIVITY_FIELDS). When the next step
    has a date, a "next step" revisit is planned on it. Returns (activity id, next revisit id).
    Raises ValidationFailed or RevisitChanged; nothing is saved then.
    """
    values, errors = f.validate(f.ACTIVITY_FIELDS, raw, today)
    if errors:
        raise ValidationFailed(errors)
    with transaction():
        revisit = m.Revisit.alive().where(m.Revisit.id == revisit_id).first()
        if revisit is None or revisit.version != expected_version:
            raise RevisitChanged(f"revisit {revisit_id} changed since it was shown")
        activity = m.Activity.create(account=revisit.account_id,
                                     opportunity=revisit.opportunity_id, **values)
        people = [{"activity": activity.id, "contact": cid, "staff": None}
                  for cid in dict.fromkeys(contact_ids)]
        people += [{"activity": activity.id, "contact": None, "staff": sid}
                   for sid in dict.fromkeys(staff_ids)]
        if people:
            m.ActivityPerson.insert_many(people).execute()
        _update(revisit_id, expected_version, status="done", activity=activity.id)
        next_id = None
        next_day: date | None = values.get("next_step_date")
        if next_day is not None:
            first_contact = next(iter(dict.fromkeys(contact_ids)), revisit.contact_id)
            next_id = m.Revisit.create(
                account=revisit.account_id, contact=first_contact,
                opportunity=revisit.opportunity_id, due_on=next_day, kind=values["kind"],
                rule=CadenceRule.NEXT_STEP.value,
                rule_key=f"{CadenceRule.NEXT_STEP.value}/{activity.id}/{next_day.isoformat()}",
                note=values.get("next_step") or "").id
        generate(today, account_ids=[revisit.account_id])
    return activity.id, next_id


def reschedule(revisit_id: int, expected_version: int, due_on: date) -> None:
    """Move a revisit to another day (its rule key keeps the date the rule planned)."""
    _update(revisit_id, expected_version, due_on=due_on)


def _reason(reason: str) -> str:
    """Return the skip reason as stored, or raise ValidationFailed: one is required."""
    text = normalise_input(reason or "")
    if not text:
        raise ValidationFailed({"skip_reason": FieldError.keyed("calendar.skip_why")})
    if len(text) > MAX_SKIP_REASON:
        raise ValidationFailed({"skip_reason": FieldError.keyed(
            "calendar.skip_too_long", length=len(text), limit=MAX_SKIP_REASON)})
    return text


def skip(revisit_id: int, expected_version: int, reason: str, today: date) -> None:
    """Skip a revisit with a reason; the rule's clock restarts from when it was skipped.

    An overdue revisit is moved to today, the day it was skipped, so its rule plans the next one
    from today and not from a date long past.
    """
    text = _reason(reason)
    with transaction():
        row = m.Revisit.alive().where(m.Revisit.id == revisit_id).first()
        if row is None:
            raise RevisitChanged(f"revisit {revisit_id} is gone")
        _update(revisit_id, expected_version, status="skipped", skip_reason=text,
                due_on=c.filed_on(row.rule, "skipped", row.due_on, today))
        generate(today, account_ids=[row.account_id])


# --- several revisits at once (the Today list's marks), each batch one transaction -----------


@dataclass(frozen=True)
class Before:
    """A revisit as it was before a batch changed it, and its version after."""

    id: int
    version: int  # after the batch: it is taken back only if nobody changed it since
    status: str
    due_on: date
    skip_reason: str


@dataclass(frozen=True)
class Batch:
    """What one action on several revisits changed and what the rules planned after it."""

    before: tuple[Before, ...] = ()
    made: tuple[tuple[int, int], ...] = ()  # (id, version) of revisits planned by the batch

    @property
    def count(self) -> int:
        """Return how many revisits the batch changed."""
        return len(self.before)


def _act(marks: Mapping[int, int], today: date, *, plan: bool,
         change: Any) -> Batch:
    """Change the marked revisits (id → version shown) in one transaction, all or none.

    `change(row)` returns the new values of a row. Each must still be planned at the version
    the rep saw, else RevisitChanged and nothing is saved. With `plan`, the rules then plan
    their accounts' next revisits, and the batch remembers which it made.
    """
    if not marks:
        return Batch()
    with transaction():
        rows = list(locked(m.Revisit.alive().where(m.Revisit.id.in_(list(marks)))))
        if len(rows) != len(marks) or any(
                row.version != marks[row.id] or row.status != "planned" for row in rows):
            raise RevisitChanged("a marked revisit changed since it was shown")
        last = m.Revisit.select(pw.fn.MAX(m.Revisit.id)).scalar() or 0
        before = []
        for row in sorted(rows, key=lambda r: r.id):
            bump(m.Revisit, m.Revisit.id == row.id, **change(row))
            before.append(Before(row.id, row.version + 1, row.status, row.due_on,
                                 row.skip_reason))
        made: tuple[tuple[int, int], ...] = ()
        if plan:
            accounts = sorted({row.account_id for row in rows})
            generate(today, account_ids=accounts)
            made = tuple(m.Revisit.select(m.Revisit.id, m.Revisit.version).where(
                (m.Revisit.id > last) & m.Revisit.account.in_(accounts)
                & m.Revisit.deleted_at.is_null()).order_by(m.Revisit.id).tuples())
        return Batch(tuple(before), made)


def review_many(marks: Mapping[int, int], today: date) -> Batch:
    """Mark card reviews done: the card was reviewed today. No contact is logged, so no other
    rule's clock moves and no other revisit is closed; the next review counts from today."""

    def change(row: m.Revisit) -> dict[str, Any]:
        if c.logs_contact(row.rule):
            raise ValueError(f"revisit {row.id} is no card review: its contact is logged")
        return {"status": "done", "due_on": c.filed_on(row.rule, "done", row.due_on, today)}

    return _act(marks, today, plan=True, change=change)


def skip_many(marks: Mapping[int, int], reason: str, today: date) -> Batch:
    """Skip the marked revisits with one reason (see skip)."""
    text = _reason(reason)
    return _act(marks, today, plan=True, change=lambda row: {
        "status": "skipped", "skip_reason": text,
        "due_on": c.filed_on(row.rule, "skipped", row.due_on, today)})


def reschedule_many(marks: Mapping[int, int], due_on: date, today: date) -> Batch:
    """Move the marked revisits to one day (see reschedule)."""
    return _act(marks, today, plan=False, change=lambda row: {"due_on": due_on})


def undo(batch: Batch) -> int:
    """Take a batch back in one transaction: its revisits as they were, the ones it planned gone.

    A revisit changed since (its version moved on) is left as it is now. Returns how many
    revisits were put back.
    """
    with transaction():
        # Planned by the batch and untouched since: they go, keys and all, so the rules can
        # plan them again once the revisits they followed are closed again.
        for rid, version in batch.made:
            (m.Revisit.delete().where((m.Revisit.id == rid) & (m.Revisit.version == version)
                                      & (m.Revisit.status == "planned")).execute())
        back = 0
        for row in batch.before:
            back += bump(m.Revisit, (m.Revisit.id == row.id) & (m.Revisit.version == row.version),
                         status=row.status, due_on=row.due_on, skip_reason=row.skip_reason)
        return back


def people_options(account_id: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Return (label, id) of the account's live contacts, and of our own people."""
    return ref_options("contact", account_id), ref_options("staff")


def account_owner(account_id: int) -> int | None:
    """Return the id of the account's responsible rep."""
    return m.Account.select(m.Account.owner).where(m.Account.id == account_id).scalar()


def rule_row(account_id: int, rule: str) -> int | None:
    """Return the id of the account's live setting row for a rule, if it has one."""
    return (m.RevisitRule.select(m.RevisitRule.id)
            .where((m.RevisitRule.account == account_id) & (m.RevisitRule.rule == rule)
                   & m.RevisitRule.deleted_at.is_null()).scalar())

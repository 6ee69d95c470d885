"""One deal in SQL: its own view, buying-group coverage, scorecard and contract checklist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee as pw

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.settings import quiet_days, stall_days
from kam_tui.core.db import models as m
from kam_tui.core.db.buying_group import participants
from kam_tui.core.db.records import bump, database, transaction, upsert
from kam_tui.core.db.invalid import invalid_fields
from kam_tui.core.db.sql import as_date, as_int
from kam_tui.core.domain import coverage
from kam_tui.core.domain.coverage import Coverage, Participant
from kam_tui.core.domain.text import normalise_input


@dataclass(frozen=True)
class HistoryRow:
    """One entry of a deal's stage history."""

    changed_at: datetime | None
    from_stage: int | None
    to_stage: int
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class ActivityRow:
    """A contact logged against the deal: when, how, with whom, what came of it."""

    occurred_on: date | None
    kind: str
    summary: str
    result: str
    next_step: str
    next_step_date: date | None
    people: tuple[str, ...]


@dataclass(frozen=True)
class PlannedRow:
    """A revisit planned for the deal and not yet done."""

    due_on: date | None
    kind: str
    note: str


@dataclass(frozen=True)
class CheckRow:
    """One item of the contract checklist; id is None for a standard item not yet ticked."""

    item: str
    done: bool
    note: str
    standard: rules.ContractItem | None


@dataclass(frozen=True)
class OpportunityDetail:
    """Everything the opportunity's own view shows."""

    id: int
    values: dict[str, Any]
    version: int
    account_id: int
    account_name: str
    account_short: str
    owner_name: str
    history: tuple[HistoryRow, ...]
    activities: tuple[ActivityRow, ...]  # newest first, at most TIMELINE rows
    planned: tuple[PlannedRow, ...]  # the deal's next revisits, soonest first
    weights: dict[str, float]
    weights_saved: bool  # False: the defaults are shown, nothing stored yet
    scores: dict[str, dict[str, float]]  # supplier ("" = us) -> criterion -> score
    competitors: tuple[str, ...]  # competitors on file at the account
    checks: tuple[CheckRow, ...]
    group: tuple[Participant, ...]  # the buying group, as the map reads it
    coverage: Coverage  # the one coverage reading (DOMAIN.md §3), the map's own
    days_in_stage: int
    stalled: bool
    stall_limit: int  # days in this stage after which a deal counts as stalled
    quiet: int | None = None  # days without contact, when past the stage's quiet limit
    # The raw stored text of the deal's fields that do not parse, shown as invalid values.
    invalid: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """Return open, won or lost."""
        return str(self.values["status"])

    @property
    def stage(self) -> int:
        """Return the stage number; a stored code that is not 1..6 counts as the first stage."""
        return self.values["stage"] or rules.STAGE_NUMBERS[0]


TIMELINE = 50  # the newest contacts a deal's view lists; its history of stages is as long


def _activities(opportunity_id: int) -> tuple[ActivityRow, ...]:
    """Return the newest contacts logged against the deal, with who took part."""
    rows = list(m.Activity.alive().where(m.Activity.opportunity == opportunity_id)
                .order_by(m.Activity.occurred_on.desc(), m.Activity.id.desc()).limit(TIMELINE))
    people: dict[int, list[str]] = {}
    if rows:
        for activity_id, contact, staff in (
                m.ActivityPerson.alive()
                .select(m.ActivityPerson.activity, m.Contact.name, m.Staff.name)
                .join(m.Contact, pw.JOIN.LEFT_OUTER, on=(
                    (m.Contact.id == m.ActivityPerson.contact) & m.Contact.deleted_at.is_null()))
                .switch(m.ActivityPerson)
                .join(m.Staff, pw.JOIN.LEFT_OUTER, on=(m.Staff.id == m.ActivityPerson.staff))
                .where(m.ActivityPerson.activity.in_([row.id for row in rows]))
                .order_by(m.ActivityPerson.id).tuples()):
            if contact or staff:
                people.setdefault(activity_id, []).append(contact or staff)
    return tuple(ActivityRow(as_date(row.occurred_on), row.kind or "", row.summary or "",
                             row.result or "", row.next_step or "", as_date(row.next_step_date),
                             tuple(people.get(row.id, ()))) for row in rows)


def _planned(opportunity_id: int) -> tuple[PlannedRow, ...]:
    """Return the deal's planned revisits, soonest first (a few: the view names the next)."""
    rows = (m.Revisit.alive().where((m.Revisit.opportunity == opportunity_id)
                                    & (m.Revisit.status == "planned"))
            .order_by(m.Revisit.due_on, m.Revisit.id).limit(3))
    return tuple(PlannedRow(as_date(row.due_on), row.kind or "", row.note or "") for row in rows)


def _checks(opportunity_id: int) -> tuple[CheckRow, ...]:
    stored = list(m.ContractCheck.alive().where(m.ContractCheck.opportunity == opportunity_id)
                  .order_by(m.ContractCheck.id))
    rows: list[CheckRow] = []
    seen: set[str] = set()
    by_standard = {}
    for check in stored:
        standard = rules.contract_item(check.item)
        if standard is not None and standard.code not in by_standard:
            by_standard[standard.code] = check
    for item in rules.CONTRACT_ITEMS:
        check = by_standard.get(item.code)
        if check is not None:
            seen.add(check.item)
            rows.append(CheckRow(check.item, check.done, check.note, item))
        else:
            rows.append(CheckRow(item.code, False, "", item))
    rows += [CheckRow(check.item, check.done, check.note, None)
             for check in stored if check.item not in seen]
    return tuple(rows)


def detail(opportunity_id: int, today: date) -> OpportunityDetail | None:
    """Return the opportunity's own view, or None when it is gone."""
    row = m.Opportunity.alive().where(m.Opportunity.id == opportunity_id).first()
    if row is None:
        return None
    account = m.Account.get_by_id(row.account_id)
    owner = m.Staff.get_or_none(m.Staff.id == row.owner_id) if row.owner_id else None
    values = {name: getattr(row, name) for name in (
        "title", "product", "quantity", "amount", "expected_close", "stage", "stage_entered_at",
        "status", "closed_at", "lost_reason", "lost_to", "next_action", "next_action_date",
        "win_rate_override", "win_rate_override_reason", "notes", "owner_id")}
    history = tuple(
        HistoryRow(change.changed_at, change.from_stage, change.to_stage, change.from_status,
                   change.to_status, change.note)
        for change in m.StageChange.alive().where(m.StageChange.opportunity == opportunity_id)
        .order_by(m.StageChange.changed_at.desc(), m.StageChange.id.desc()))
    stored_weights = {w.criterion: w.weight for w in m.ScorecardWeight.alive().where(
        m.ScorecardWeight.opportunity == opportunity_id) if w.weight is not None}
    weights = stored_weights or rules.default_weights()
    scores: dict[str, dict[str, float]] = {}
    for score in (m.ScorecardScore.alive().where(m.ScorecardScore.opportunity == opportunity_id)
                  .order_by(m.ScorecardScore.id)):
        if score.score is not None:  # a stored score that is not a number is left out
            scores.setdefault(score.supplier, {})[score.criterion] = score.score
    competitors = tuple(name for (name,) in m.CompetitorPresence.alive()
                        .select(m.CompetitorPresence.competitor)
                        .where(m.CompetitorPresence.account == row.account_id).tuples())
    activities, planned = _activities(opportunity_id), _planned(opportunity_id)
    entered = as_date(row.stage_entered_at) or today
    days = rules.days_in_stage(entered, today)
    thresholds, quiet_limits = stall_days(), quiet_days()
    last_contact = next((a.occurred_on for a in activities if a.occurred_on), None)
    quiet = rules.days_quiet(entered, last_contact, today)
    stage = row.stage or rules.STAGE_NUMBERS[0]  # the view marks a bad stage as invalid
    group = tuple(participants(opportunity_id))
    rate = rules.win_rate(stage, as_int(row.win_rate_override))
    return OpportunityDetail(
        id=row.id, values=values, version=row.version, account_id=row.account_id,
        account_name=account.name, account_short=account.short_name,
        owner_name=owner.name if owner else "", history=history, activities=activities,
        planned=planned, weights=weights,
        weights_saved=bool(stored_weights), scores=scores, competitors=competitors,
        checks=_checks(opportunity_id),
        group=group, coverage=coverage.assess(rate, group, today),
        days_in_stage=days,
        stalled=row.status == "open" and rules.is_stalled(stage, days, thresholds, quiet,
                                                          quiet_limits),
        quiet=quiet if rules.is_quiet(stage, quiet, quiet_limits) else None,
        stall_limit=thresholds[stage], invalid=invalid_fields(m.Opportunity, opportunity_id))


def save_scorecard(opportunity_id: int, weights: dict[str, float],
                   scores: dict[str, dict[str, float]]) -> None:
    """Store a deal's weights and every supplier's scores; scores left out are removed."""
    problem = rules.check_weights(weights)
    if problem is not None:
        raise ValueError(problem.en)
    for per_supplier in scores.values():
        for value in per_supplier.values():
            bad = rules.check_score(value)
            if bad is not None:
                raise ValueError(bad.en)
    with transaction():
        for criterion, weight in weights.items():
            upsert(m.ScorecardWeight, {"opportunity": opportunity_id, "criterion": criterion},
                   {"weight": weight})
        # What the rep saved is the whole card: anything not in it is removed.
        bump(m.ScorecardScore, (m.ScorecardScore.opportunity == opportunity_id)
             & m.ScorecardScore.deleted_at.is_null(), deleted_at=m.utcnow())
        for supplier, per_supplier in scores.items():
            for criterion, value in per_supplier.items():
                upsert(m.ScorecardScore, {"opportunity": opportunity_id, "supplier": supplier,
                                          "criterion": criterion}, {"score": value})


def set_contract_check(opportunity_id: int, item: str, done: bool, note: str | None = None
                       ) -> None:
    """Tick or untick one checklist item (created on first use)."""
    item = normalise_input(item)[:200]
    if not item:
        raise ValueError("a checklist item needs a name")
    values: dict[str, Any] = {"done": done}
    if note is not None:
        values["note"] = normalise_input(note)[:rules.MAX_AGREED_CHARS]
    with transaction():
        upsert(m.ContractCheck, {"opportunity": opportunity_id, "item": item}, values,
               created={} if note is not None else {"note": ""})


def account_name(account_id: int) -> str:
    """Return an account's name as a form for one of its deals says it ("" when it is gone)."""
    row = (m.Account.select(m.Account.name).where((m.Account.id == account_id)
                                                 & m.Account.deleted_at.is_null()).first())
    return (row.name or "") if row is not None else ""

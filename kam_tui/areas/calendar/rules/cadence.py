"""Cadence rules (DOMAIN.md §4): which revisits each rule plans for an account, on a given day.

This module is the specification. kam_tui.areas.calendar.queries.generation carries out the
same rules as set-based SQL over the whole database; tests check the two agree.

How the rules work:

- Interval rules (after delivery, card review, a contact's own plan) keep one clock each. The
  clock is the latest of: the rule's anchor (the delivery, for after-delivery), the last logged
  contact that satisfies the rule, and the last revisit of that rule that was done or skipped.
  The next revisit is due one interval after the clock. A rule with no clock yet is due today.
- Occurrence rules (a visit before each major festival for A accounts, birthdays) plan one
  revisit per occurrence.
- Only one revisit of an interval rule is open at a time per account (and per contact, for
  contact plans), so an ignored daily rule leaves one overdue revisit, not a pile. Card reviews
  that arrive open side by side anyway (an import, two machines) collapse to the latest due.
- A card review is the rep's own work at the desk, not contact with the customer: done, it logs
  no contact (nothing else's clock moves) and is filed on the day it was done, so the next review
  counts from then, not from a date long past (filed_on).
- Nothing is planned further ahead than the horizon (HORIZON_DAYS), and nothing is planned for
  lost accounts. Each planned revisit carries a rule key; a key is never generated twice.
- Given working days (the rep's setting, on by default), a revisit due on a weekend or a
  holiday is planned on the next working day; a birthday greeting on the last working day
  before (never before today), so that it is not late. The rule key keeps the rule's own date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kam_tui.areas.calendar.rules.holidays import MajorHoliday
from kam_tui.areas.calendar.rules.working_days import WorkingDays
from kam_tui.core.domain.dates import add_months
from kam_tui.core.domain.vocab import ActivityKind, CadenceRule, ContactPlan

HORIZON_DAYS = 60  # revisits are planned at most this far ahead

# After delivery: every two weeks for the first three months, then monthly until a year.
AFTER_DELIVERY_DAYS = 14
AFTER_DELIVERY_FORTNIGHTLY_MONTHS = 3
AFTER_DELIVERY_UNTIL_MONTHS = 12

# Card review: A daily, B weekly, C monthly. (days, months): exactly one of them is non-zero.
CARD_REVIEW: dict[str, tuple[int, int]] = {"A": (1, 0), "B": (7, 0), "C": (0, 1)}
CONTACT_PLAN: dict[str, tuple[int, int]] = {
    ContactPlan.DAILY.value: (1, 0),
    ContactPlan.WEEKLY.value: (7, 0),
    ContactPlan.MONTHLY.value: (0, 1),
    ContactPlan.QUARTERLY.value: (0, 3),
}

HOLIDAY_LEAD_DAYS = 7  # the visit is due a week before the festival's first day off
HOLIDAY_COVER_DAYS = 14  # a visit or gift this close before the festival already covers it

# What a logged contact (an Activity of this kind) resets.
CONTACT_KINDS = frozenset(kind.value for kind in ActivityKind)
SATISFIES: dict[str, frozenset[str]] = {
    CadenceRule.AFTER_DELIVERY.value: frozenset({"visit", "phone", "meeting", "inspection",
                                                 "training"}),
    CadenceRule.CARD_REVIEW.value: CONTACT_KINDS,
    CadenceRule.CONTACT_PLAN.value: CONTACT_KINDS - {"gift"},
    CadenceRule.HOLIDAY.value: frozenset({"visit", "gift"}),
}

# The kind of contact each rule plans.
RULE_KIND: dict[str, str] = {
    CadenceRule.AFTER_DELIVERY.value: "visit",
    CadenceRule.CARD_REVIEW.value: "phone",
    CadenceRule.HOLIDAY.value: "visit",
    CadenceRule.BIRTHDAY.value: "gift",
}
INTERVAL_RULES = (CadenceRule.AFTER_DELIVERY.value, CadenceRule.CARD_REVIEW.value,
                  CadenceRule.CONTACT_PLAN.value)
GENERATED_RULES = (*INTERVAL_RULES, CadenceRule.HOLIDAY.value, CadenceRule.BIRTHDAY.value)

NO_ANCHOR = "0000-00-00"  # sorts before every date: any contact is later
KEY_TAIL = re.compile(r"/(\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)$")  # clock and due of a key


def plan_kind(plan: str) -> str:
    """Return the kind of contact a contact plan calls for: a call often, a visit seldom."""
    return "phone" if plan in (ContactPlan.DAILY.value, ContactPlan.WEEKLY.value) else "visit"


def step(day: date, days: int = 0, months: int = 0) -> date:
    """Return day moved by whole days or by calendar months (month ends clamp: 31 Jan + 1 = 28/29 Feb)."""
    return add_months(day, months) if months else day + timedelta(days=days)


def birthday_in(birthday: date, year: int) -> date:
    """Return the birthday's date in a year; 29 February is kept on 28 February otherwise."""
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, birthday.month, birthday.day)


def next_birthday(birthday: date, today: date) -> date:
    """Return the first birthday on or after today."""
    this_year = birthday_in(birthday, today.year)
    return this_year if this_year >= today else birthday_in(birthday, today.year + 1)


def working_due(rule: str, due: date, today: date, work: WorkingDays | None) -> date:
    """Return the day a revisit the rule wants on `due` is planned on, given working days."""
    if work is None:
        return due
    if rule == CadenceRule.BIRTHDAY.value:
        return max(today, work.previous_working(due))
    return work.next_working(due)


def rule_key(rule: str, subject: object, anchor: date | None, due: date) -> str:
    """Return the key that makes a planned revisit unique: rule, subject, clock and due date."""
    return f"{rule}/{subject}/{anchor.isoformat() if anchor else NO_ANCHOR}/{due.isoformat()}"


def after_delivery_due(delivery: date, clock: date, every_days: int | None = None) -> date | None:
    """Return the next after-delivery revisit from the clock, or None once the year is over.

    Fortnightly while the next date is within three months of delivery, then one month after
    the clock; `every_days` replaces both intervals.
    """
    if every_days:
        due = clock + timedelta(days=every_days)
    else:
        due = clock + timedelta(days=AFTER_DELIVERY_DAYS)
        if due > add_months(delivery, AFTER_DELIVERY_FORTNIGHTLY_MONTHS):
            due = add_months(clock, 1)
    if due > add_months(delivery, AFTER_DELIVERY_UNTIL_MONTHS):
        return None
    return due


def interval_due(clock: date | None, days: int, months: int, today: date,
                 every_days: int | None = None) -> date:
    """Return the next due date of a fixed-interval rule; a rule never run is due today."""
    if clock is None:
        return today
    if every_days:
        return clock + timedelta(days=every_days)
    return step(clock, days, months)


def latest(*days: date | None) -> date | None:
    """Return the latest of the given dates, ignoring None."""
    present = [day for day in days if day is not None]
    return max(present) if present else None


@dataclass(frozen=True)
class Setting:
    """A rule as set for one account: on or off, and an interval in days replacing the default."""

    enabled: bool = True
    every_days: int | None = None


@dataclass(frozen=True)
class ContactFacts:
    """What the rules need to know about one person at the account."""

    id: int
    plan: str = ""
    birthday: date | None = None
    last_contact: date | None = None  # the last logged contact (not a gift) they took part in


@dataclass(frozen=True)
class Revisited:
    """An existing revisit of a generated rule, as the rules see it."""

    rule: str
    rule_key: str
    status: str  # planned, done, skipped
    due_on: date
    contact_id: int | None = None
    # The date of its logged contact when done; else its due_on (see filed_on).
    closed_on: date | None = None
    id: int = 0  # the row's id: of two open on the same day, the later made is kept


@dataclass(frozen=True)
class AccountFacts:
    """What the rules need to know about one account."""

    id: int
    abc_class: str = "C"
    status: str = "current"
    deliveries: tuple[date, ...] = ()  # purchases delivered (or bought) and won opportunities
    contacts: tuple[ContactFacts, ...] = ()
    activities: tuple[tuple[date, str], ...] = ()  # (occurred_on, kind) of logged contacts
    revisits: tuple[Revisited, ...] = ()
    settings: Mapping[str, Setting] = field(default_factory=dict)


@dataclass(frozen=True)
class Planned:
    """A revisit a rule wants created."""

    account_id: int
    rule: str
    rule_key: str
    due_on: date
    kind: str
    contact_id: int | None = None


def _setting(facts: AccountFacts, rule: str) -> Setting:
    return facts.settings.get(rule, Setting())


def rule_enabled(facts: AccountFacts, rule: str) -> bool:
    """Return whether the rule applies to the account: holiday visits are on for A by default."""
    if rule in facts.settings:
        return facts.settings[rule].enabled
    return rule != CadenceRule.HOLIDAY.value or facts.abc_class == "A"


def _last_contact(facts: AccountFacts, rule: str, today: date) -> date | None:
    kinds = SATISFIES[rule]
    return latest(*(day for day, kind in facts.activities if kind in kinds and day <= today))


def _last_closed(facts: AccountFacts, rule: str, contact_id: int | None = None) -> date | None:
    return latest(*(r.closed_on for r in facts.revisits if r.rule == rule
                    and r.status in ("done", "skipped")
                    and (contact_id is None or r.contact_id == contact_id)))


def _is_open(facts: AccountFacts, rule: str, contact_id: int | None = None) -> bool:
    return any(r.rule == rule and r.status == "planned"
               and (contact_id is None or r.contact_id == contact_id) for r in facts.revisits)


def logs_contact(rule: str) -> bool:
    """Return whether completing a revisit of the rule logs a contact with the customer.

    A card review is the rep's own work: done, it is marked reviewed and logs nothing.
    """
    return rule != CadenceRule.CARD_REVIEW.value


def filed_on(rule: str, status: str, due_on: date, today: date) -> date:
    """Return the day a revisit closed today without a logged contact is filed on.

    Its rule's clock restarts from that day. A card review done is filed today, however early or
    late; a revisit skipped when overdue is filed today, one skipped ahead keeps its day.
    """
    if status == "done" and not logs_contact(rule):
        return today
    return max(due_on, today)


def collapsed(revisits: Iterable[Revisited]) -> list[Revisited]:
    """Return the open card reviews of one account that give way to another open one.

    One stays open: the latest due (of two on one day, the later made); the others are closed
    as skipped, so a card never reviewed for months is one item, not a pile.
    """
    rule = CadenceRule.CARD_REVIEW.value
    open_ = [r for r in revisits if r.rule == rule and r.status == "planned"]
    if not open_:
        return []
    kept = max(open_, key=lambda r: (r.due_on, r.id))
    return [r for r in open_ if r is not kept]


def plan_revisits(facts: AccountFacts, today: date,
                  majors: Iterable[MajorHoliday] = (),
                  horizon_days: int = HORIZON_DAYS,
                  work: WorkingDays | None = None) -> list[Planned]:
    """Return the revisits the rules want created for an account that are not there yet.

    With `work`, each lands on a working day (see working_due); without, on the rule's date.
    """
    if facts.status == "lost":
        return []
    horizon = today + timedelta(days=horizon_days)
    keys = {r.rule_key for r in facts.revisits}
    planned: list[Planned] = []

    def add(rule: str, key: str, due: date, kind: str, contact_id: int | None = None) -> None:
        day = working_due(rule, due, today, work)
        if day <= horizon and key not in keys:
            keys.add(key)
            planned.append(Planned(facts.id, rule, key, day, kind, contact_id))

    rule = CadenceRule.AFTER_DELIVERY.value
    delivered = latest(*(day for day in facts.deliveries if day <= today))
    if (delivered is not None and rule_enabled(facts, rule) and not _is_open(facts, rule)
            and today <= add_months(delivered, AFTER_DELIVERY_UNTIL_MONTHS)):
        anchor = latest(delivered, _last_contact(facts, rule, today), _last_closed(facts, rule))
        assert anchor is not None
        due = after_delivery_due(delivered, anchor, _setting(facts, rule).every_days)
        if due is not None:
            add(rule, rule_key(rule, "", anchor, due), due, RULE_KIND[rule])

    rule = CadenceRule.CARD_REVIEW.value
    if rule_enabled(facts, rule) and not _is_open(facts, rule):
        days, months = CARD_REVIEW.get(facts.abc_class, CARD_REVIEW["C"])
        anchor = latest(_last_contact(facts, rule, today), _last_closed(facts, rule))
        due = interval_due(anchor, days, months, today, _setting(facts, rule).every_days)
        add(rule, rule_key(rule, "", anchor, due), due, RULE_KIND[rule])

    rule = CadenceRule.CONTACT_PLAN.value
    if rule_enabled(facts, rule):
        for person in facts.contacts:
            if person.plan not in CONTACT_PLAN or _is_open(facts, rule, person.id):
                continue
            days, months = CONTACT_PLAN[person.plan]
            anchor = latest(person.last_contact, _last_closed(facts, rule, person.id))
            due = interval_due(anchor, days, months, today, _setting(facts, rule).every_days)
            add(rule, rule_key(rule, person.id, anchor, due), due, plan_kind(person.plan),
                person.id)

    rule = CadenceRule.HOLIDAY.value
    if rule_enabled(facts, rule):
        cover = SATISFIES[rule]
        for holiday in majors:
            start = holiday.first_day
            due = start - timedelta(days=HOLIDAY_LEAD_DAYS)
            if start < today or due > horizon:
                continue
            window = start - timedelta(days=HOLIDAY_COVER_DAYS)
            if any(window <= day <= min(start, today) and kind in cover
                   for day, kind in facts.activities):
                continue
            add(rule, rule_key(rule, holiday.code, start, due), due, RULE_KIND[rule])

    rule = CadenceRule.BIRTHDAY.value
    if rule_enabled(facts, rule):
        for person in facts.contacts:
            if person.birthday is None:
                continue
            due = next_birthday(person.birthday, today)
            add(rule, rule_key(rule, person.id, None, due), due, RULE_KIND[rule], person.id)
    return planned


def superseded(facts: AccountFacts, revisit: Revisited, today: date) -> bool:
    """Return whether a logged contact since the revisit's clock already covers it.

    Such a revisit is marked done: the contact reset the clock of the rule that planned it.
    Revisits made by hand or without a generated key are never touched.
    """
    if (revisit.status != "planned" or revisit.rule not in INTERVAL_RULES
            or not KEY_TAIL.search(revisit.rule_key)):
        return False
    anchor = revisit.rule_key[-21:-11]
    if revisit.rule == CadenceRule.CONTACT_PLAN.value:
        person = next((c for c in facts.contacts if c.id == revisit.contact_id), None)
        last = person.last_contact if person else None
    else:
        last = _last_contact(facts, revisit.rule, today)
    return last is not None and last.isoformat() > anchor

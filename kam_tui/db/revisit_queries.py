"""Revisit queries: calendar aggregates, agendas, the Today list, and the cadence rules in SQL.

Generation carries out kam_tui.domain.cadence.plan_revisits and .superseded as a few set-based
statements over the whole database (or a few accounts), so it stays fast with 100,000 accounts.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kam_tui.db import models as m
from kam_tui.db import records
from kam_tui.db.records import RecordKind, ValidationFailed
from kam_tui.domain import cadence as c
from kam_tui.domain import fields as f
from kam_tui.domain.fields import FieldError
from kam_tui.domain.holidays import major_holidays_between
from kam_tui.domain.revisit_fields import REVISIT_FIELDS, RULE_FIELDS
from kam_tui.domain.text import normalise_input
from kam_tui.domain.vocab import CadenceRule

REVISIT_KIND = records.register_kind(RecordKind("revisit", m.Revisit, REVISIT_FIELDS))
RULE_KIND = records.register_kind(RecordKind("revisit_rule", m.RevisitRule, RULE_FIELDS))

OPEN_ON_TODAY = "calendar.open_on_today"
MAX_SKIP_REASON = 500


class RevisitChanged(RuntimeError):
    """The revisit was changed or deleted elsewhere since it was shown; nothing was saved."""


@dataclass(frozen=True)
class DayCount:
    """How many revisits of one kind and status fall on a day."""

    day: date
    kind: str
    status: str
    count: int


@dataclass(frozen=True)
class AgendaRow:
    """One revisit as the agendas and the Today list show it."""

    id: int
    uuid: str
    version: int
    due_on: date
    kind: str
    rule: str
    rule_key: str
    status: str
    note: str
    skip_reason: str
    account_id: int
    account_name: str
    account_short: str
    abc_class: str
    contact_id: int | None
    contact_name: str


@dataclass(frozen=True)
class DeclineInputs:
    """What decline warnings are read from, for one account."""

    abc_class: str
    purchase_dates: tuple[date, ...]
    last_contact: date | None


@dataclass(frozen=True)
class Generated:
    """What one generation run did."""

    created: int
    superseded: int


# --- SQL helpers ----------------------------------------------------------------------------


def _add_months(expr: str, months: str) -> str:
    """SQL for cadence.step(expr, months=n): SQLite rolls 31 Jan + 1 month into March; clamp it."""
    plus = f"'+' || ({months}) || ' months'"
    return (f"(CASE WHEN strftime('%d', date({expr}, {plus})) = strftime('%d', {expr}) "
            f"THEN date({expr}, {plus}) "
            f"ELSE date({expr}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day')"
            f" END)")


def _days(expr: str, days: str) -> str:
    return f"date({expr}, '+' || ({days}) || ' days')"


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"


def _setting(rule: str, column: str, default: str) -> str:
    return (f"COALESCE((SELECT rr.{column} FROM revisit_rule rr WHERE rr.account_id = a.id "
            f"AND rr.rule = '{rule}' AND rr.deleted_at IS NULL), {default})")


def _open(rule: str, per_contact: bool = False) -> str:
    contact = " AND x.contact_id = cn.id" if per_contact else ""
    return (f"EXISTS (SELECT 1 FROM revisit x WHERE x.account_id = a.id AND x.rule = '{rule}' "
            f"AND x.status = 'planned' AND x.deleted_at IS NULL{contact})")


def _closed(rule: str, per_contact: bool = False) -> str:
    contact = " AND x.contact_id = cn.id" if per_contact else ""
    return (f"(SELECT MAX(CASE WHEN x.status = 'done' THEN COALESCE(xa.occurred_on, x.due_on) "
            f"ELSE x.due_on END) FROM revisit x LEFT JOIN activity xa ON xa.id = x.activity_id "
            f"WHERE x.account_id = a.id AND x.rule = '{rule}' AND x.deleted_at IS NULL "
            f"AND x.status IN ('done', 'skipped'){contact})")


def _last_contact(rule: str) -> str:
    return (f"(SELECT MAX(y.occurred_on) FROM activity y WHERE y.account_id = a.id "
            f"AND y.deleted_at IS NULL AND y.occurred_on <= :today "
            f"AND y.kind IN {_in(c.SATISFIES[rule])})")


_PLAN_KINDS = _in(c.SATISFIES[CadenceRule.CONTACT_PLAN.value])
_PERSON_LAST = (f"(SELECT MAX(y.occurred_on) FROM activity_person ap "
                f"JOIN activity y ON y.id = ap.activity_id WHERE ap.contact_id = cn.id "
                f"AND ap.deleted_at IS NULL AND y.deleted_at IS NULL AND y.occurred_on <= :today "
                f"AND y.kind IN {_PLAN_KINDS})")
_SCOPE = "a.deleted_at IS NULL AND a.status != 'lost' AND /*scope*/1"
_KEY_TAIL = "'*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"


def _max2(first: str, second: str) -> str:
    """SQL max of two nullable dates (NULL only when both are)."""
    return f"MAX(COALESCE({first}, {second}), COALESCE({second}, {first}))"


_INSERT = """
INSERT INTO revisit (uuid, created_at, updated_at, version, account_id, contact_id, due_on,
                     kind, rule, rule_key, status, skip_reason, note)
WITH p AS MATERIALIZED ({plans})
SELECT lower(hex(randomblob(16))), :now, :now, 1, p.account_id, p.contact_id, p.due, p.kind,
       p.rule, p.key, 'planned', '', ''
FROM p
WHERE p.due IS NOT NULL AND p.due <= :horizon
  AND NOT EXISTS (SELECT 1 FROM revisit k WHERE k.account_id = p.account_id
                  AND k.rule_key = p.key)
"""
# Each layer is materialised: SQLite would otherwise inline a layer into the next and run the
# correlated subqueries once per reference to their column (ten times slower on 10k accounts).
_KEY = "rule || '/' || subject || '/' || COALESCE(anchor, '0000-00-00') || '/' || due"


def _layers(base: str, due: str, kind: str, rule: str, subject: str,
            anchor: str = _max2("lc", "cl"), keep: str = "1") -> str:
    """Return the plan query: facts per candidate, then its clock, then its due date and key."""
    return f"""
WITH base AS MATERIALIZED ({base}),
anchored AS MATERIALIZED (SELECT base.*, {anchor} AS anchor FROM base),
dued AS MATERIALIZED (SELECT anchored.*, {due} AS due FROM anchored),
planned AS MATERIALIZED (
    SELECT account_id, contact_id, '{rule}' AS rule, {subject} AS subject, anchor,
           CASE WHEN {keep} THEN due END AS due, {kind} AS kind FROM dued)
SELECT planned.*, {_KEY} AS key FROM planned"""


def _after_delivery_sql() -> str:
    rule = CadenceRule.AFTER_DELIVERY.value
    until = _add_months("delivered", str(c.AFTER_DELIVERY_UNTIL_MONTHS))
    fortnightly_end = _add_months("delivered", str(c.AFTER_DELIVERY_FORTNIGHTLY_MONTHS))
    step = _days("anchor", str(c.AFTER_DELIVERY_DAYS))
    due = (f"CASE WHEN every IS NOT NULL AND every > 0 THEN {_days('anchor', 'every')} "
           f"WHEN {step} > {fortnightly_end} THEN {_add_months('anchor', '1')} ELSE {step} END")
    base = f"""
SELECT a.id AS account_id, NULL AS contact_id, d.delivered, {_last_contact(rule)} AS lc,
       {_closed(rule)} AS cl, {_setting(rule, 'every_days', 'NULL')} AS every
FROM account a
JOIN (SELECT account_id, MAX(day) AS delivered FROM (
        SELECT account_id, COALESCE(delivered_on, purchased_on) AS day FROM purchase
        WHERE deleted_at IS NULL
        UNION ALL
        SELECT account_id, date(closed_at) FROM opportunity
        WHERE deleted_at IS NULL AND status = 'won' AND closed_at IS NOT NULL)
      WHERE day <= :today GROUP BY account_id) d ON d.account_id = a.id
WHERE {_SCOPE} AND {_setting(rule, 'enabled', '1')} AND NOT {_open(rule)}
  AND :today <= {_add_months('d.delivered', str(c.AFTER_DELIVERY_UNTIL_MONTHS))}"""
    return _layers(base, due, f"'{c.RULE_KIND[rule]}'", rule, "''",
                   anchor=_max2(_max2("delivered", "lc"), "cl"), keep=f"due <= {until}")


def _card_review_sql() -> str:
    rule = CadenceRule.CARD_REVIEW.value
    a_days, _ = c.CARD_REVIEW["A"]
    b_days, _ = c.CARD_REVIEW["B"]
    _, c_months = c.CARD_REVIEW["C"]
    due = (f"CASE WHEN anchor IS NULL THEN :today "
           f"WHEN every IS NOT NULL AND every > 0 THEN {_days('anchor', 'every')} "
           f"WHEN abc = 'A' THEN {_days('anchor', str(a_days))} "
           f"WHEN abc = 'B' THEN {_days('anchor', str(b_days))} "
           f"ELSE {_add_months('anchor', str(c_months))} END")
    base = f"""
SELECT a.id AS account_id, NULL AS contact_id, a.abc_class AS abc, {_last_contact(rule)} AS lc,
       {_closed(rule)} AS cl, {_setting(rule, 'every_days', 'NULL')} AS every
FROM account a
WHERE {_SCOPE} AND {_setting(rule, 'enabled', '1')} AND NOT {_open(rule)}"""
    return _layers(base, due, f"'{c.RULE_KIND[rule]}'", rule, "''")


def _contact_plan_sql() -> str:
    rule = CadenceRule.CONTACT_PLAN.value
    by_plan = " ".join(
        f"WHEN plan = '{plan}' THEN "
        + (_add_months("anchor", str(months)) if months else _days("anchor", str(days)))
        for plan, (days, months) in c.CONTACT_PLAN.items())
    due = (f"CASE WHEN anchor IS NULL THEN :today "
           f"WHEN every IS NOT NULL AND every > 0 THEN {_days('anchor', 'every')} "
           f"{by_plan} END")
    kind = "CASE plan " + " ".join(f"WHEN '{plan}' THEN '{c.plan_kind(plan)}'"
                                   for plan in c.CONTACT_PLAN) + " END"
    base = f"""
SELECT a.id AS account_id, cn.id AS contact_id, cn.contact_plan AS plan, {_PERSON_LAST} AS lc,
       {_closed(rule, per_contact=True)} AS cl, {_setting(rule, 'every_days', 'NULL')} AS every
FROM contact cn JOIN account a ON a.id = cn.account_id
WHERE cn.deleted_at IS NULL AND cn.contact_plan IN {_in(c.CONTACT_PLAN)}
  AND {_SCOPE} AND {_setting(rule, 'enabled', '1')} AND NOT {_open(rule, per_contact=True)}"""
    return _layers(base, due, kind, rule, "contact_id")


def _holiday_sql(count: int) -> str:
    rule = CadenceRule.HOLIDAY.value
    values = ", ".join(f"(:hcode{i}, :hstart{i}, :hdue{i})" for i in range(count))
    return f"""
SELECT a.id AS account_id, NULL AS contact_id, '{rule}' AS rule, h.code AS subject,
       h.start AS anchor, h.due AS due, '{c.RULE_KIND[rule]}' AS kind,
       '{rule}/' || h.code || '/' || h.start || '/' || h.due AS key
FROM account a, (SELECT column1 AS code, column2 AS start, column3 AS due
                 FROM (VALUES {values})) h
WHERE {_SCOPE} AND {_setting(rule, 'enabled', "a.abc_class = 'A'")}
  AND h.start >= :today
  AND NOT EXISTS (SELECT 1 FROM activity y WHERE y.account_id = a.id AND y.deleted_at IS NULL
                  AND y.kind IN {_in(c.SATISFIES[rule])}
                  AND y.occurred_on >= date(h.start, '-{c.HOLIDAY_COVER_DAYS} days')
                  AND y.occurred_on <= MIN(h.start, :today))"""


def _birthday_sql() -> str:
    rule = CadenceRule.BIRTHDAY.value

    def in_year(year: str, leap: str) -> str:
        return (f"(CASE WHEN substr(cn.birthday, 6, 5) = '02-29' AND NOT {leap} "
                f"THEN {year} || '-02-28' ELSE {year} || substr(cn.birthday, 5, 6) END)")

    this_year = in_year(":year0", ":leap0")
    return f"""
SELECT b.*, '{rule}/' || b.subject || '/0000-00-00/' || b.due AS key FROM (
SELECT a.id AS account_id, cn.id AS contact_id, '{rule}' AS rule, cn.id AS subject,
       NULL AS anchor,
       CASE WHEN {this_year} >= :today THEN {this_year} ELSE {in_year(':year1', ':leap1')} END
       AS due, '{c.RULE_KIND[rule]}' AS kind
FROM contact cn JOIN account a ON a.id = cn.account_id
WHERE cn.deleted_at IS NULL AND cn.birthday IS NOT NULL
  AND {_SCOPE} AND {_setting(rule, 'enabled', '1')}) b"""


def _supersede_sql(rule: str) -> str:
    if rule == CadenceRule.CONTACT_PLAN.value:
        source = (f"FROM activity_person ap JOIN activity y ON y.id = ap.activity_id "
                  f"WHERE ap.contact_id = revisit.contact_id AND ap.deleted_at IS NULL "
                  f"AND y.kind IN {_PLAN_KINDS}")
    else:
        source = (f"FROM activity y WHERE y.account_id = revisit.account_id "
                  f"AND y.kind IN {_in(c.SATISFIES[rule])}")
    source += (" AND y.deleted_at IS NULL AND y.occurred_on <= :today "
               "AND y.occurred_on > substr(revisit.rule_key, -21, 10)")
    return f"""
UPDATE revisit SET status = 'done', version = version + 1, updated_at = :now,
    activity_id = (SELECT y.id {source} ORDER BY y.occurred_on DESC, y.id DESC LIMIT 1)
WHERE deleted_at IS NULL AND status = 'planned' AND rule = '{rule}'
  AND rule_key GLOB {_KEY_TAIL}
  AND account_id IN (SELECT a.id FROM account a WHERE {_SCOPE})
  AND EXISTS (SELECT 1 {source})"""


def generate(today: date, *, account_ids: Sequence[int] | None = None,
             horizon_days: int = c.HORIZON_DAYS) -> Generated:
    """Create the revisits the cadence rules want, for all accounts or the given ones.

    Idempotent: a rule key is never inserted twice for an account, and interval rules keep one
    open revisit each. Planned revisits a later logged contact covers are marked done first.
    """
    db = m.Revisit._meta.database
    horizon = today + timedelta(days=horizon_days)
    params: dict[str, Any] = {
        "today": today.isoformat(), "horizon": horizon.isoformat(), "now": str(m.utcnow()),
        "year0": f"{today.year:04d}", "year1": f"{today.year + 1:04d}",
        "leap0": int(calendar.isleap(today.year)), "leap1": int(calendar.isleap(today.year + 1)),
    }
    majors = [holiday for holiday in major_holidays_between(
        today, horizon + timedelta(days=c.HOLIDAY_LEAD_DAYS))
        if holiday.first_day - timedelta(days=c.HOLIDAY_LEAD_DAYS) <= horizon]
    holiday_params = dict(params)
    for i, holiday in enumerate(majors):
        holiday_params[f"hcode{i}"] = holiday.code
        holiday_params[f"hstart{i}"] = holiday.first_day.isoformat()
        holiday_params[f"hdue{i}"] = (holiday.first_day
                                      - timedelta(days=c.HOLIDAY_LEAD_DAYS)).isoformat()
    # A literal list of integers lets SQLite look the few accounts up by key.
    scope = "1" if account_ids is None else (
        "a.id IN (" + ",".join(str(int(i)) for i in account_ids) + ")" if account_ids else "0")

    def run(sql: str, values: dict[str, Any]) -> int:
        return db.execute_sql(sql.replace("/*scope*/1", scope), values).rowcount

    superseded = created = 0
    with db.atomic():
        for rule in c.INTERVAL_RULES:
            superseded += run(_supersede_sql(rule), params)
        for plans in (_after_delivery_sql(), _card_review_sql(), _contact_plan_sql(),
                      _birthday_sql()):
            created += run(_INSERT.format(plans=plans), params)
        if majors:
            created += run(_INSERT.format(plans=_holiday_sql(len(majors))), holiday_params)
    return Generated(created, superseded)


# --- the month grid --------------------------------------------------------------------------


def grid_range(year: int, month: int) -> tuple[date, date]:
    """Return the Monday before (or on) the 1st and the Sunday after (or on) the last day."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def day_counts(start: date, end: date) -> list[DayCount]:
    """Return revisit counts by day, kind and status from start to end, in one GROUP BY."""
    cursor = m.Revisit._meta.database.execute_sql(
        "SELECT r.due_on, r.kind, r.status, COUNT(*) FROM revisit r "
        "JOIN account a ON a.id = r.account_id AND a.deleted_at IS NULL "
        "WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ? "
        "GROUP BY r.due_on, r.kind, r.status",
        (start.isoformat(), end.isoformat()))
    return [DayCount(date.fromisoformat(day), kind, status, count)
            for day, kind, status, count in cursor.fetchall()]


def overdue_count(today: date) -> int:
    """Return how many planned revisits are past their date."""
    return int(m.Revisit._meta.database.execute_sql(
        "SELECT COUNT(*) FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL WHERE r.deleted_at IS NULL AND r.status = 'planned' "
        "AND r.due_on < ?", (today.isoformat(),)).fetchone()[0])


def birthday_counts(start: date, end: date) -> dict[date, int]:
    """Return how many live contacts have their birthday on each day from start to end."""
    months = set()
    day = start
    while day <= end:
        months.add(f"{day.month:02d}")
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    cursor = m.Contact._meta.database.execute_sql(
        "SELECT substr(cn.birthday, 6, 5), COUNT(*) FROM contact cn "
        "JOIN account a ON a.id = cn.account_id AND a.deleted_at IS NULL "
        f"WHERE cn.deleted_at IS NULL AND cn.birthday IS NOT NULL "
        f"AND substr(cn.birthday, 6, 2) IN {_in(months)} GROUP BY 1")
    counts: dict[date, int] = {}
    for month_day, count in cursor.fetchall():
        month, day_of_month = (int(part) for part in month_day.split("-"))
        for year in range(start.year, end.year + 1):
            try:
                when = c.birthday_in(date(2000, month, day_of_month), year)
            except ValueError:
                continue
            if start <= when <= end:
                counts[when] = counts.get(when, 0) + count
    return counts


# --- agendas ---------------------------------------------------------------------------------

_ROW = """SELECT r.id, r.uuid, r.version, r.due_on, r.kind, r.rule, r.rule_key, r.status, r.note,
       r.skip_reason, a.id, a.name, a.short_name, a.abc_class, r.contact_id, cn.name
FROM revisit r JOIN account a ON a.id = r.account_id AND a.deleted_at IS NULL
LEFT JOIN contact cn ON cn.id = r.contact_id"""
_ORDER = (" ORDER BY r.due_on, CASE r.status WHEN 'planned' THEN 0 WHEN 'done' THEN 1 ELSE 2 END,"
          " a.name, r.id")
_TODAY_WHERE = (" WHERE r.deleted_at IS NULL AND ((r.status = 'planned' AND r.due_on < :today)"
                " OR r.due_on = :today"
                " OR (r.status = 'planned' AND r.due_on > :today AND r.due_on <= :week))")
TODAY_AHEAD_DAYS = 7


def _rows(sql: str, params: Any) -> list[AgendaRow]:
    rows = m.Revisit._meta.database.execute_sql(sql, params).fetchall()
    return [AgendaRow(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], r[5], r[6], r[7],
                      r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15] or "") for r in rows]


def agenda_count(start: date, end: date) -> int:
    """Return how many revisits fall from start to end."""
    return int(m.Revisit._meta.database.execute_sql(
        "SELECT COUNT(*) FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat())).fetchone()[0])


def agenda_page(start: date, end: date, offset: int, limit: int) -> list[AgendaRow]:
    """Return one page of the revisits from start to end, by date then account."""
    return _rows(_ROW + " WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ?" + _ORDER
                 + " LIMIT ? OFFSET ?", (start.isoformat(), end.isoformat(), limit, offset))


def _today_params(today: date) -> dict[str, str]:
    return {"today": today.isoformat(),
            "week": (today + timedelta(days=TODAY_AHEAD_DAYS)).isoformat()}


def today_count(today: date) -> int:
    """Return how many revisits the Today list holds: overdue, today, and the next 7 days."""
    return int(m.Revisit._meta.database.execute_sql(
        "SELECT COUNT(*) FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL" + _TODAY_WHERE, _today_params(today)).fetchone()[0])


def today_page(today: date, offset: int, limit: int) -> list[AgendaRow]:
    """Return one page of the Today list."""
    return _rows(_ROW + _TODAY_WHERE + _ORDER + " LIMIT :limit OFFSET :offset",
                 {**_today_params(today), "limit": limit, "offset": offset})


def decline_inputs(account_ids: Iterable[int], today: date) -> dict[int, DeclineInputs]:
    """Return purchase dates and the last contact of the given accounts, in two GROUP BYs."""
    ids = sorted({int(i) for i in account_ids})
    if not ids:
        return {}
    db = m.Account._meta.database
    scope = json.dumps(ids)
    classes = dict(db.execute_sql(
        "SELECT id, abc_class FROM account WHERE id IN (SELECT value FROM json_each(?))",
        (scope,)).fetchall())
    purchases = dict(db.execute_sql(
        "SELECT account_id, GROUP_CONCAT(purchased_on) FROM purchase WHERE deleted_at IS NULL "
        "AND purchased_on <= ? AND account_id IN (SELECT value FROM json_each(?)) "
        "GROUP BY account_id", (today.isoformat(), scope)).fetchall())
    contacts = dict(db.execute_sql(
        "SELECT account_id, MAX(occurred_on) FROM activity WHERE deleted_at IS NULL "
        "AND occurred_on <= ? AND account_id IN (SELECT value FROM json_each(?)) "
        "GROUP BY account_id", (today.isoformat(), scope)).fetchall())
    return {
        account_id: DeclineInputs(
            classes.get(account_id, "C"),
            tuple(date.fromisoformat(day) for day in (purchases.get(account_id) or "").split(",")
                  if day),
            date.fromisoformat(contacts[account_id]) if contacts.get(account_id) else None)
        for account_id in ids if account_id in classes
    }


def upcoming(start: date, end: date) -> list[AgendaRow]:
    """Return the planned revisits from start to end (for the iCalendar export)."""
    return _rows(_ROW + " WHERE r.deleted_at IS NULL AND r.status = 'planned' "
                 "AND r.due_on BETWEEN ? AND ?" + _ORDER, (start.isoformat(), end.isoformat()))


def revisit_row(revisit_id: int) -> AgendaRow | None:
    """Return one live revisit as the agendas show it, or None."""
    rows = _rows(_ROW + " WHERE r.deleted_at IS NULL AND r.id = ?", (revisit_id,))
    return rows[0] if rows else None


# --- acting on a revisit ---------------------------------------------------------------------


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

    `raw` holds the activity fields (kam_tui.domain.fields.ACTIVITY_FIELDS). When the next step
    has a date, a "next step" revisit is planned on it. Returns (activity id, next revisit id).
    Raises ValidationFailed or RevisitChanged; nothing is saved then.
    """
    values, errors = f.validate(f.ACTIVITY_FIELDS, raw, today)
    if errors:
        raise ValidationFailed(errors)
    db = m.Revisit._meta.database
    with db.atomic():
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


def skip(revisit_id: int, expected_version: int, reason: str, today: date) -> None:
    """Skip a revisit with a reason; the rule's clock restarts from when it was skipped.

    An overdue revisit is moved to today, the day it was skipped, so its rule plans the next one
    from today and not from a date long past.
    """
    text = normalise_input(reason or "")
    if not text:
        raise ValidationFailed({"skip_reason": FieldError("Say why", "请填写原因")})
    if len(text) > MAX_SKIP_REASON:
        raise ValidationFailed({"skip_reason": FieldError(
            f"Too long: {len(text)} characters, at most {MAX_SKIP_REASON}",
            f"太长：{len(text)} 个字符，最多 {MAX_SKIP_REASON} 个")})
    db = m.Revisit._meta.database
    with db.atomic():
        row = m.Revisit.alive().where(m.Revisit.id == revisit_id).first()
        if row is None:
            raise RevisitChanged(f"revisit {revisit_id} is gone")
        _update(revisit_id, expected_version, status="skipped", skip_reason=text,
                due_on=max(row.due_on, today))
        generate(today, account_ids=[row.account_id])


def people_options(account_id: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Return (label, id) of the account's live contacts, and of our own people."""
    return records.ref_options("contact", account_id), records.ref_options("staff")


def account_owner(account_id: int) -> int | None:
    """Return the id of the account's responsible rep."""
    return m.Account.select(m.Account.owner).where(m.Account.id == account_id).scalar()


def rule_row(account_id: int, rule: str) -> int | None:
    """Return the id of the account's live setting row for a rule, if it has one."""
    return (m.RevisitRule.select(m.RevisitRule.id)
            .where((m.RevisitRule.account == account_id) & (m.RevisitRule.rule == rule)
                   & m.RevisitRule.deleted_at.is_null()).scalar())


# --- settings --------------------------------------------------------------------------------


def get_setting(key: str, default: str = "") -> str:
    """Return a stored user setting."""
    value = m.Setting.select(m.Setting.value).where(m.Setting.key == key).scalar()
    return default if value is None else value


def set_setting(key: str, value: str) -> None:
    """Store a user setting."""
    m.Setting.replace(key=key, value=value).execute()

"""Revisit generation: the cadence rules as a few set-based SQL statements, fast on 100,000 accounts."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kam_tui.areas.calendar.queries import working_days as wd
from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.areas.calendar.rules.holidays import major_holidays_between, working_days
from kam_tui.areas.calendar.rules.working_days import WorkingDays
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import (
    add_days,
    add_months,
    as_text,
    day_of,
    false,
    glob,
    is_postgres,
    larger,
    named,
    named_hex_id,
    smaller,
    true,
)
from kam_tui.core.db.records import transaction
from kam_tui.core.db.settings import get_setting
from kam_tui.core.db.sql import sql_date
from kam_tui.core.domain.vocab import CadenceRule

WORKING_DAYS_ONLY = "calendar.working_days_only"


@dataclass(frozen=True)
class Generated:
    """What one generation run did."""

    created: int
    superseded: int


# --- SQL helpers ----------------------------------------------------------------------------


def in_list(values: Iterable[str]) -> str:
    """SQL for a literal IN list of the given (trusted) strings, sorted."""
    return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"


def _setting(rule: str, column: str, default: str) -> str:
    return (f"COALESCE((SELECT rr.{column} FROM revisit_rule rr WHERE rr.account_id = a.id "
            f"AND rr.rule = '{rule}' AND rr.deleted_at IS NULL), {default})")


# A stored date that is not a real date is no date: it neither anchors a rule nor covers it.
# Functions, not constants: the spelling depends on the engine bound when the query is built.
def _occurred_y() -> str:
    return sql_date("y.occurred_on")


def _occurred_xa() -> str:
    return sql_date("xa.occurred_on")


def _due_x() -> str:
    return sql_date("x.due_on")


def _null(sql_type: str) -> str:
    """SQL for a NULL column of a CTE: PostgreSQL would take an untyped NULL for text."""
    return f"CAST(NULL AS {sql_type})" if is_postgres() else "NULL"


def _alias(name: str) -> str:
    """An alias for a subquery in FROM: PostgreSQL 15 wants one, SQLite's spelling has none."""
    return f" AS {name}" if is_postgres() else ""


def _open(rule: str, per_contact: bool = False) -> str:
    contact = " AND x.contact_id = cn.id" if per_contact else ""
    return (f"EXISTS (SELECT 1 FROM revisit x WHERE x.account_id = a.id AND x.rule = '{rule}' "
            f"AND x.status = 'planned' AND x.deleted_at IS NULL{contact})")


def _closed(rule: str, per_contact: bool = False) -> str:
    contact = " AND x.contact_id = cn.id" if per_contact else ""
    done_on = f"COALESCE({_occurred_xa()}, {_due_x()})"
    return (f"(SELECT MAX(CASE WHEN x.status = 'done' THEN {done_on} "
            f"ELSE {_due_x()} END) FROM revisit x LEFT JOIN activity xa ON xa.id = x.activity_id "
            f"WHERE x.account_id = a.id AND x.rule = '{rule}' AND x.deleted_at IS NULL "
            f"AND x.status IN ('done', 'skipped'){contact})")


def _last_contact(rule: str) -> str:
    return (f"(SELECT MAX({_occurred_y()}) FROM activity y WHERE y.account_id = a.id "
            f"AND y.deleted_at IS NULL AND y.occurred_on <= :today "
            f"AND y.kind IN {in_list(c.SATISFIES[rule])})")


_PLAN_KINDS = in_list(c.SATISFIES[CadenceRule.CONTACT_PLAN.value])


def _person_last() -> str:
    return (f"(SELECT MAX({_occurred_y()}) FROM activity_person ap "
            f"JOIN activity y ON y.id = ap.activity_id WHERE ap.contact_id = cn.id "
            f"AND ap.deleted_at IS NULL AND y.deleted_at IS NULL AND y.occurred_on <= :today "
            f"AND y.kind IN {_PLAN_KINDS})")


_SCOPE = "a.deleted_at IS NULL AND a.status != 'lost' AND /*scope*/1"
_KEY_TAIL = "*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def _max2(first: str, second: str) -> str:
    """SQL max of two nullable dates (NULL only when both are)."""
    return larger(f"COALESCE({first}, {second})", f"COALESCE({second}, {first})")


def _insert() -> str:
    """Return the INSERT of the plans a rule wants (with {plans} and {day} to fill in)."""
    # PostgreSQL types a parameter in a SELECT list as text, not as the column it goes to.
    now = "CAST(:now AS timestamp)" if is_postgres() else ":now"
    return f"""
INSERT INTO revisit (uuid, created_at, updated_at, version, account_id, contact_id, due_on,
                     kind, rule, rule_key, status, skip_reason, note)
WITH p AS MATERIALIZED ({{plans}}),
q AS MATERIALIZED (SELECT p.*, {{day}} AS day FROM p WHERE p.due IS NOT NULL)
SELECT {_natural_id()}, {now}, {now}, 1, q.account_id, q.contact_id, q.day, q.kind,
       q.rule, q.key, 'planned', '', ''
FROM q JOIN account na ON na.id = q.account_id LEFT JOIN contact nc ON nc.id = q.contact_id
WHERE q.day <= :horizon
  AND NOT EXISTS (SELECT 1 FROM revisit k WHERE k.account_id = q.account_id
                  AND k.rule_key = q.key)
ON CONFLICT (uuid) DO NOTHING
"""


def _natural_id() -> str:
    """SQL for a generated revisit's id, named by what planned it, so two machines agree."""
    # Account and person by uuid, rule, clock, date: planned on two laptops, one row after sync.
    subject = f"COALESCE(nc.uuid, {as_text('q.subject')})"
    anchor = f"COALESCE({as_text('q.anchor')}, '0000-00-00')"
    return named_hex_id(["'revisit'", "na.uuid", "q.rule", subject, anchor, as_text("q.due")])
# Each layer is materialised: SQLite would otherwise inline a layer into the next and run the
# correlated subqueries once per reference to their column (ten times slower on 10k accounts).


def _key() -> str:
    """SQL for a generated revisit's rule key: rule/subject/anchor/due, dates as YYYY-MM-DD."""
    return (f"rule || '/' || subject || '/' || COALESCE({as_text('anchor')}, '0000-00-00') "
            f"|| '/' || due")


def _layers(base: str, due: str, kind: str, rule: str, subject: str,
            anchor: str | None = None, keep: str | None = None) -> str:
    """Return the plan query: facts per candidate, then its clock, then its due date and key."""
    anchor = _max2("lc", "cl") if anchor is None else anchor
    keep = true() if keep is None else keep
    return f"""
WITH base AS MATERIALIZED ({base}),
anchored AS MATERIALIZED (SELECT base.*, {anchor} AS anchor FROM base),
dued AS MATERIALIZED (SELECT anchored.*, {due} AS due FROM anchored),
planned AS MATERIALIZED (
    SELECT account_id, contact_id, '{rule}' AS rule, {subject} AS subject, anchor,
           CASE WHEN {keep} THEN due END AS due, {kind} AS kind FROM dued)
SELECT planned.*, {_key()} AS key FROM planned"""


def _after_delivery_sql() -> str:
    rule = CadenceRule.AFTER_DELIVERY.value
    until = add_months("delivered", str(c.AFTER_DELIVERY_UNTIL_MONTHS))
    fortnightly_end = add_months("delivered", str(c.AFTER_DELIVERY_FORTNIGHTLY_MONTHS))
    step = add_days("anchor", str(c.AFTER_DELIVERY_DAYS))
    due = (f"CASE WHEN every IS NOT NULL AND every > 0 THEN {add_days('anchor', 'every')} "
           f"WHEN {step} > {fortnightly_end} THEN {add_months('anchor', '1')} ELSE {step} END")
    contact = _null("bigint")
    base = f"""
SELECT a.id AS account_id, {contact} AS contact_id, d.delivered, {_last_contact(rule)} AS lc,
       {_closed(rule)} AS cl, {_setting(rule, 'every_days', 'NULL')} AS every
FROM account a
JOIN (SELECT account_id, MAX(day) AS delivered FROM (
        SELECT account_id, COALESCE({sql_date('delivered_on')}, {sql_date('purchased_on')})
               AS day FROM purchase
        WHERE deleted_at IS NULL
        UNION ALL
        SELECT account_id, {day_of('closed_at')} FROM opportunity
        WHERE deleted_at IS NULL AND status = 'won' AND closed_at IS NOT NULL){_alias('days')}
      WHERE day <= :today GROUP BY account_id) d ON d.account_id = a.id
WHERE {_SCOPE} AND {_setting(rule, 'enabled', true())} AND NOT {_open(rule)}
  AND :today <= {add_months('d.delivered', str(c.AFTER_DELIVERY_UNTIL_MONTHS))}"""
    return _layers(base, due, f"'{c.RULE_KIND[rule]}'", rule, "''",
                   anchor=_max2(_max2("delivered", "lc"), "cl"), keep=f"due <= {until}")


def _card_review_sql() -> str:
    rule = CadenceRule.CARD_REVIEW.value
    a_days, _ = c.CARD_REVIEW["A"]
    b_days, _ = c.CARD_REVIEW["B"]
    _, c_months = c.CARD_REVIEW["C"]
    due = (f"CASE WHEN anchor IS NULL THEN :today "
           f"WHEN every IS NOT NULL AND every > 0 THEN {add_days('anchor', 'every')} "
           f"WHEN abc = 'A' THEN {add_days('anchor', str(a_days))} "
           f"WHEN abc = 'B' THEN {add_days('anchor', str(b_days))} "
           f"ELSE {add_months('anchor', str(c_months))} END")
    contact = _null("bigint")
    base = f"""
SELECT a.id AS account_id, {contact} AS contact_id, a.abc_class AS abc, {_last_contact(rule)} AS lc,
       {_closed(rule)} AS cl, {_setting(rule, 'every_days', 'NULL')} AS every
FROM account a
WHERE {_SCOPE} AND {_setting(rule, 'enabled', true())} AND NOT {_open(rule)}"""
    return _layers(base, due, f"'{c.RULE_KIND[rule]}'", rule, "''")


def _contact_plan_sql() -> str:
    rule = CadenceRule.CONTACT_PLAN.value
    by_plan = " ".join(
        f"WHEN plan = '{plan}' THEN "
        + (add_months("anchor", str(months)) if months else add_days("anchor", str(days)))
        for plan, (days, months) in c.CONTACT_PLAN.items())
    due = (f"CASE WHEN anchor IS NULL THEN :today "
           f"WHEN every IS NOT NULL AND every > 0 THEN {add_days('anchor', 'every')} "
           f"{by_plan} END")
    kind = "CASE plan " + " ".join(f"WHEN '{plan}' THEN '{c.plan_kind(plan)}'"
                                   for plan in c.CONTACT_PLAN) + " END"
    base = f"""
SELECT a.id AS account_id, cn.id AS contact_id, cn.contact_plan AS plan, {_person_last()} AS lc,
       {_closed(rule, per_contact=True)} AS cl, {_setting(rule, 'every_days', 'NULL')} AS every
FROM contact cn JOIN account a ON a.id = cn.account_id
WHERE cn.deleted_at IS NULL AND cn.contact_plan IN {in_list(c.CONTACT_PLAN)}
  AND {_SCOPE} AND {_setting(rule, 'enabled', true())} AND NOT {_open(rule, per_contact=True)}"""
    return _layers(base, due, kind, rule, "contact_id")


def _holiday_sql(count: int) -> str:
    rule = CadenceRule.HOLIDAY.value
    # PostgreSQL reads untyped parameters in VALUES as text; the dates are compared as dates.
    start, due = (("CAST(:hstart{i} AS date)", "CAST(:hdue{i} AS date)") if is_postgres()
                  else (":hstart{i}", ":hdue{i}"))
    values = ", ".join(f"(:hcode{i}, {start.format(i=i)}, {due.format(i=i)})"
                       for i in range(count))
    cover = (add_days("h.start", str(-c.HOLIDAY_COVER_DAYS)) if is_postgres()
             else f"date(h.start, '-{c.HOLIDAY_COVER_DAYS} days')")
    return f"""
SELECT a.id AS account_id, {_null('bigint')} AS contact_id, '{rule}' AS rule, h.code AS subject,
       h.start AS anchor, h.due AS due, '{c.RULE_KIND[rule]}' AS kind,
       '{rule}/' || h.code || '/' || h.start || '/' || h.due AS key
FROM account a, (SELECT column1 AS code, column2 AS start, column3 AS due
                 FROM (VALUES {values}){_alias('v')}) h
WHERE {_SCOPE} AND {_setting(rule, 'enabled', "a.abc_class = 'A'")}
  AND h.start >= :today
  AND NOT EXISTS (SELECT 1 FROM activity y WHERE y.account_id = a.id AND y.deleted_at IS NULL
                  AND y.kind IN {in_list(c.SATISFIES[rule])}
                  AND y.occurred_on >= {cover}
                  AND y.occurred_on <= {smaller('h.start', ':today')})"""


def _birthday_sql() -> str:
    rule = CadenceRule.BIRTHDAY.value

    def in_year(year: str, leap: str) -> str:
        if is_postgres():
            return (f"make_date(CAST({year} AS integer), "
                    f"CAST(EXTRACT(MONTH FROM cn.birthday) AS integer), "
                    f"CASE WHEN to_char(cn.birthday, 'MM-DD') = '02-29' AND {leap} = 0 THEN 28 "
                    f"ELSE CAST(EXTRACT(DAY FROM cn.birthday) AS integer) END)")
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
WHERE cn.deleted_at IS NULL AND {sql_date('cn.birthday')} IS NOT NULL
  AND {_SCOPE} AND {_setting(rule, 'enabled', true())}) b"""


def _key_anchor() -> str:
    """SQL for the anchor date of a revisit's rule key, as text (it may be 0000-00-00)."""
    if is_postgres():
        return "substr(revisit.rule_key, length(revisit.rule_key) - 20, 10)"
    return "substr(revisit.rule_key, -21, 10)"


def _supersede_sql(rule: str) -> str:
    if rule == CadenceRule.CONTACT_PLAN.value:
        source = (f"FROM activity_person ap JOIN activity y ON y.id = ap.activity_id "
                  f"WHERE ap.contact_id = revisit.contact_id AND ap.deleted_at IS NULL "
                  f"AND y.kind IN {_PLAN_KINDS}")
    else:
        source = (f"FROM activity y WHERE y.account_id = revisit.account_id "
                  f"AND y.kind IN {in_list(c.SATISFIES[rule])}")
    source += (" AND y.deleted_at IS NULL AND y.occurred_on <= :today "
               f"AND {as_text('y.occurred_on')} > {_key_anchor()}")
    return f"""
UPDATE revisit SET status = 'done', version = version + 1, updated_at = :now,
    activity_id = (SELECT y.id {source} ORDER BY y.occurred_on DESC, y.id DESC LIMIT 1)
WHERE deleted_at IS NULL AND status = 'planned' AND rule = '{rule}'
  AND {glob('rule_key', _KEY_TAIL)}
  AND account_id IN (SELECT a.id FROM account a WHERE {_SCOPE})
  AND EXISTS (SELECT 1 {source})"""


def _collapse_sql() -> str:
    """SQL that closes (skips) each open card review another open one of its account outlasts.

    Carries out cadence.collapsed: the latest due stays open, of two on one day the later made.
    """
    rule = CadenceRule.CARD_REVIEW.value
    due, later = sql_date("revisit.due_on"), sql_date("k.due_on")
    return f"""
UPDATE revisit SET status = 'skipped', version = version + 1, updated_at = :now
WHERE deleted_at IS NULL AND status = 'planned' AND rule = '{rule}' AND {due} IS NOT NULL
  AND account_id IN (SELECT a.id FROM account a WHERE {_SCOPE})
  AND EXISTS (SELECT 1 FROM revisit k WHERE k.account_id = revisit.account_id
              AND k.rule = '{rule}' AND k.status = 'planned' AND k.deleted_at IS NULL
              AND {later} IS NOT NULL
              AND ({later} > {due} OR ({later} = {due} AND k.id > revisit.id)))"""


def generate(today: date, *, account_ids: Sequence[int] | None = None,
             horizon_days: int = c.HORIZON_DAYS, working: bool | None = None) -> Generated:
    """Create the revisits the cadence rules want, for all accounts or the given ones.

    Carries out kam_tui.areas.calendar.rules.cadence.plan_revisits and .superseded in SQL.
    Idempotent: a rule key is never inserted twice for an account, and interval rules keep one
    open revisit each. Planned revisits a later logged contact covers are marked done first, and
    open card reviews side by side collapse to the latest (cadence.collapsed, counted as
    superseded).
    `working` (the rep's setting when None) puts revisits on working days; coming revisits the
    rules planned and nobody moved follow the setting (see working_days.realign).
    """
    db = m.Revisit._meta.database
    horizon = today + timedelta(days=horizon_days)
    if working is None:
        working = working_days_only()
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
    scope = true() if account_ids is None else (
        "a.id IN (" + ",".join(str(int(i)) for i in account_ids) + ")" if account_ids
        else false())

    def run(sql: str, values: dict[str, Any]) -> int:
        return db.execute_sql(named(sql.replace("/*scope*/1", scope)), values).rowcount

    work = calendar_for(today, horizon_days)
    params.update(wd.span_params(work))
    holiday_params.update(wd.span_params(work))

    def day(rule: str) -> str:
        return wd.working_due_sql(rule, "p.due") if working else "p.due"

    superseded = created = 0
    with transaction():
        wd.fill_moves(work)
        for rule in c.INTERVAL_RULES:
            superseded += run(_supersede_sql(rule), params)
        superseded += run(_collapse_sql(), params)
        for rule, plans in ((CadenceRule.AFTER_DELIVERY.value, _after_delivery_sql()),
                            (CadenceRule.CARD_REVIEW.value, _card_review_sql()),
                            (CadenceRule.CONTACT_PLAN.value, _contact_plan_sql()),
                            (CadenceRule.BIRTHDAY.value, _birthday_sql())):
            created += run(_insert().format(plans=plans, day=day(rule)), params)
        if majors:
            created += run(_insert().format(plans=_holiday_sql(len(majors)),
                                          day=day(CadenceRule.HOLIDAY.value)), holiday_params)
        run(wd.realign_sql(working, _SCOPE), params)
    return Generated(created, superseded)


def calendar_for(today: date, horizon_days: int = c.HORIZON_DAYS) -> WorkingDays:
    """Return the working days generation knows: two years back to the year after the horizon."""
    horizon = today + timedelta(days=horizon_days)
    return working_days(today.year - 2, horizon.year + 1)


def working_days_only() -> bool:
    """Return whether the rep wants revisits planned on working days only (the default)."""
    return get_setting(WORKING_DAYS_ONLY, "1") == "1"


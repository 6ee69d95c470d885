"""Working days in SQL: a temporary table of the days off, and where a revisit due on each goes.

The same rule as kam_tui.areas.calendar.rules.cadence.working_due: the table holds every day
off of the span whose holidays are known (and a week either side); beyond it only weekends
move. Statements using it take the parameters of span_params and :today.
"""

from __future__ import annotations

from datetime import timedelta

from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.areas.calendar.rules.working_days import WorkingDays
from kam_tui.core.db import models as m
from kam_tui.core.domain.vocab import CadenceRule

_MARGIN = timedelta(days=7)
_BIRTHDAY = CadenceRule.BIRTHDAY.value


def span_params(work: WorkingDays) -> dict[str, str]:
    """Return the parameters naming the span the table covers."""
    return {"wfrom": (work.first - _MARGIN).isoformat(), "wto": (work.last + _MARGIN).isoformat()}


def fill_moves(work: WorkingDays) -> None:
    """Write the span's days off, each with the next and the previous working day."""
    db = m.Revisit._meta.database
    db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS work_move (day TEXT PRIMARY KEY, "
                   "next TEXT NOT NULL, prev TEXT NOT NULL) WITHOUT ROWID")
    db.execute_sql("DELETE FROM temp.work_move")
    rows = [(day.isoformat(), after.isoformat(), before.isoformat())
            for day, after, before in work.moves(work.first - _MARGIN, work.last + _MARGIN)]
    db.connection().executemany("INSERT INTO temp.work_move VALUES (?, ?, ?)", rows)


def _moved(expr: str, column: str, saturday: int, sunday: int) -> str:
    return (f"(CASE WHEN {expr} BETWEEN :wfrom AND :wto THEN COALESCE("
            f"(SELECT w.{column} FROM temp.work_move w WHERE w.day = {expr}), {expr}) "
            f"WHEN strftime('%w', {expr}) = '6' THEN date({expr}, '{saturday:+d} days') "
            f"WHEN strftime('%w', {expr}) = '0' THEN date({expr}, '{sunday:+d} days') "
            f"ELSE {expr} END)")


def next_working_sql(expr: str) -> str:
    """SQL for WorkingDays.next_working(expr)."""
    return _moved(expr, "next", 2, 1)


def previous_working_sql(expr: str) -> str:
    """SQL for WorkingDays.previous_working(expr)."""
    return _moved(expr, "prev", -1, -2)


def working_due_sql(rule: str, expr: str) -> str:
    """SQL for cadence.working_due(rule, expr, :today, work)."""
    if rule == _BIRTHDAY:
        return f"MAX(:today, {previous_working_sql(expr)})"
    return next_working_sql(expr)


_KEY_DAY = "substr(revisit.rule_key, -10)"
_ON_WORKING_DAY = (f"(CASE WHEN revisit.rule = '{_BIRTHDAY}' "
                   f"THEN {working_due_sql(_BIRTHDAY, _KEY_DAY)} "
                   f"ELSE {next_working_sql(_KEY_DAY)} END)")


def realign_sql(working: bool, accounts: str) -> str:
    """SQL that moves coming planned revisits of the rules that nobody moved to the setting.

    Such a revisit is due on its key's date or on that date's working day; with the setting
    on it goes to the working day, with it off back to the key's date. `accounts` is the SQL
    condition on account `a` that scopes the run.
    """
    target = _ON_WORKING_DAY if working else _KEY_DAY
    rules = "(" + ", ".join(f"'{rule}'" for rule in c.GENERATED_RULES) + ")"
    return f"""
UPDATE revisit SET due_on = {target}, version = version + 1, updated_at = :now
WHERE deleted_at IS NULL AND status = 'planned' AND rule IN {rules}
  AND rule_key GLOB '*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
  AND due_on >= :today AND due_on IN ({_KEY_DAY}, {_ON_WORKING_DAY})
  AND due_on != {target} AND {target} >= :today
  AND account_id IN (SELECT a.id FROM account a WHERE {accounts})"""

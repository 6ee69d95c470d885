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
from kam_tui.core.db.dialect import (
    add_days,
    current,
    execute_many,
    glob,
    is_postgres,
    larger,
    weekday_of,
)
from kam_tui.core.domain.vocab import CadenceRule

_MARGIN = timedelta(days=7)
_BIRTHDAY = CadenceRule.BIRTHDAY.value


def span_params(work: WorkingDays) -> dict[str, str]:
    """Return the parameters naming the span the table covers."""
    return {"wfrom": (work.first - _MARGIN).isoformat(), "wto": (work.last + _MARGIN).isoformat()}


def _table() -> str:
    """The temporary table's name: PostgreSQL has no `temp.` schema prefix to name it by."""
    return "work_move" if is_postgres() else "temp.work_move"


def fill_moves(work: WorkingDays) -> None:
    """Write the span's days off, each with the next and the previous working day."""
    db = m.Revisit._meta.database
    if is_postgres():
        # Typed as dates, so the days compare with the date columns; one table per connection.
        db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS work_move (day DATE PRIMARY KEY, "
                       "next DATE NOT NULL, prev DATE NOT NULL)")
    else:
        db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS work_move (day TEXT PRIMARY KEY, "
                       "next TEXT NOT NULL, prev TEXT NOT NULL) WITHOUT ROWID")
    db.execute_sql(f"DELETE FROM {_table()}")
    rows = [(day.isoformat(), after.isoformat(), before.isoformat())
            for day, after, before in work.moves(work.first - _MARGIN, work.last + _MARGIN)]
    # The database itself, not the models' proxy: execute_many tells the engines apart by it.
    execute_many(current(), f"INSERT INTO {_table()} VALUES (?, ?, ?)", rows)


def _shifted(expr: str, days: int) -> str:
    """SQL for the date days after expr (SQLite's spelling as it always was)."""
    return add_days(expr, str(days)) if is_postgres() else f"date({expr}, '{days:+d} days')"


def _moved(expr: str, column: str, saturday: int, sunday: int) -> str:
    return (f"(CASE WHEN {expr} BETWEEN :wfrom AND :wto THEN COALESCE("
            f"(SELECT w.{column} FROM {_table()} w WHERE w.day = {expr}), {expr}) "
            f"WHEN {weekday_of(expr)} = '6' THEN {_shifted(expr, saturday)} "
            f"WHEN {weekday_of(expr)} = '0' THEN {_shifted(expr, sunday)} "
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
        return larger(":today", previous_working_sql(expr))
    return next_working_sql(expr)


_KEY_DATE = "*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def _key_day() -> str:
    """SQL for the date a revisit's rule key ends with: the day its rule planned."""
    if is_postgres():
        # Only a key that ends with a date is cast: PostgreSQL evaluates the WHERE's terms in
        # an order of its own, and a cast of anything else would fail the whole statement.
        return (f"(CASE WHEN {glob('revisit.rule_key', _KEY_DATE)} "
                f"THEN CAST(right(revisit.rule_key, 10) AS date) END)")
    return "substr(revisit.rule_key, -10)"


def _on_working_day() -> str:
    key_day = _key_day()
    return (f"(CASE WHEN revisit.rule = '{_BIRTHDAY}' "
            f"THEN {working_due_sql(_BIRTHDAY, key_day)} "
            f"ELSE {next_working_sql(key_day)} END)")


def realign_sql(working: bool, accounts: str) -> str:
    """SQL that moves coming planned revisits of the rules that nobody moved to the setting.

    Such a revisit is due on its key's date or on that date's working day; with the setting
    on it goes to the working day, with it off back to the key's date. `accounts` is the SQL
    condition on account `a` that scopes the run.
    """
    key_day, on_working_day = _key_day(), _on_working_day()
    target = on_working_day if working else key_day
    rules = "(" + ", ".join(f"'{rule}'" for rule in c.GENERATED_RULES) + ")"
    return f"""
UPDATE revisit SET due_on = {target}, version = version + 1, updated_at = :now
WHERE deleted_at IS NULL AND status = 'planned' AND rule IN {rules}
  AND {glob('rule_key', _KEY_DATE)}
  AND due_on >= :today AND due_on IN ({key_day}, {on_working_day})
  AND due_on != {target} AND {target} >= :today
  AND account_id IN (SELECT a.id FROM account a WHERE {accounts})"""

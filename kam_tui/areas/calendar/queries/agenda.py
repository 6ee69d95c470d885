"""Revisit reads: the month grid's aggregates, the agendas, the Today list and decline inputs."""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kam_tui.areas.calendar.queries.generation import in_list
from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import (
    is_postgres,
    joined,
    json_ids,
    month_day_of,
    month_number_of,
    named,
)
from kam_tui.core.db.sql import as_date, sql_date


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


# A due date that is not a real date belongs to no day: ranges and counts leave it out.
# A function, not a constant: the spelling depends on the engine bound when it is asked.
def _real_due() -> str:
    return f"{sql_date('r.due_on')} IS NOT NULL"


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
        f"WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ? AND {_real_due()} "
        "GROUP BY r.due_on, r.kind, r.status",
        (start.isoformat(), end.isoformat()))
    return [DayCount(as_date(day), kind, status, count)
            for day, kind, status, count in cursor.fetchall()]


def overdue_count(today: date) -> int:
    """Return how many planned revisits are past their date."""
    return int(m.Revisit._meta.database.execute_sql(
        "SELECT COUNT(*) FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL WHERE r.deleted_at IS NULL AND r.status = 'planned' "
        f"AND r.due_on < ? AND {_real_due()}", (today.isoformat(),)).fetchone()[0])


def invalid_count() -> int:
    """Return how many planned revisits have a due date that does not parse (left off the grid)."""
    return int(m.Revisit._meta.database.execute_sql(
        "SELECT COUNT(*) FROM revisit r WHERE r.deleted_at IS NULL AND r.status = 'planned' "
        f"AND NOT {_real_due()}").fetchone()[0])


def birthday_counts(start: date, end: date) -> dict[date, int]:
    """Return how many live contacts have their birthday on each day from start to end."""
    months = set()
    day = start
    while day <= end:
        months.add(f"{day.month:02d}")
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    cursor = m.Contact._meta.database.execute_sql(
        f"SELECT {month_day_of('cn.birthday')}, COUNT(*) FROM contact cn "
        "JOIN account a ON a.id = cn.account_id AND a.deleted_at IS NULL "
        f"WHERE cn.deleted_at IS NULL AND {sql_date('cn.birthday')} IS NOT NULL "
        f"AND {month_number_of('cn.birthday')} IN {in_list(months)} GROUP BY 1")
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


def _today_where() -> str:
    return (f" WHERE r.deleted_at IS NULL AND {_real_due()}"
            " AND ((r.status = 'planned' AND r.due_on < :today)"
            " OR r.due_on = :today"
            " OR (r.status = 'planned' AND r.due_on > :today AND r.due_on <= :week))")


TODAY_AHEAD_DAYS = 7


def _execute(sql: str, params: Any) -> Any:
    """Run sql, its `:name` placeholders read on either engine when params is a dict."""
    if isinstance(params, dict):
        sql = named(sql)
    return m.Revisit._meta.database.execute_sql(sql, params)


def _rows(sql: str, params: Any) -> list[AgendaRow]:
    rows = _execute(sql, params).fetchall()
    return [AgendaRow(r[0], r[1], r[2], as_date(r[3]), r[4], r[5], r[6], r[7],
                      r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15] or "") for r in rows]


def agenda_count(start: date, end: date) -> int:
    """Return how many revisits fall from start to end."""
    return int(m.Revisit._meta.database.execute_sql(
        "SELECT COUNT(*) FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ? "
        f"AND {_real_due()}", (start.isoformat(), end.isoformat())).fetchone()[0])


def agenda_page(start: date, end: date, offset: int, limit: int) -> list[AgendaRow]:
    """Return one page of the revisits from start to end, by date then account."""
    return _rows(_ROW + " WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ? "
                 f"AND {_real_due()}" + _ORDER + " LIMIT ? OFFSET ?",
                 (start.isoformat(), end.isoformat(), limit, offset))


def _today_params(today: date) -> dict[str, str]:
    return {"today": today.isoformat(),
            "week": (today + timedelta(days=TODAY_AHEAD_DAYS)).isoformat()}


def today_count(today: date) -> int:
    """Return how many revisits the Today list holds: overdue, today, and the next 7 days."""
    return int(_execute(
        "SELECT COUNT(*) FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL" + _today_where(), _today_params(today)).fetchone()[0])


def today_page(today: date, offset: int, limit: int) -> list[AgendaRow]:
    """Return one page of the Today list."""
    return _rows(_ROW + _today_where() + _ORDER + " LIMIT :limit OFFSET :offset",
                 {**_today_params(today), "limit": limit, "offset": offset})


def agenda_ids(start: date, end: date) -> list[int]:
    """Return the ids of the revisits from start to end, in the agendas' order (for an export)."""
    return [row[0] for row in m.Revisit._meta.database.execute_sql(
        "SELECT r.id FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL WHERE r.deleted_at IS NULL AND r.due_on BETWEEN ? AND ? "
        f"AND {_real_due()}" + _ORDER, (start.isoformat(), end.isoformat())).fetchall()]


def today_ids(today: date) -> list[int]:
    """Return the ids of the Today list's revisits, in its order (for an export)."""
    return [row[0] for row in _execute(
        "SELECT r.id FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL" + _today_where() + _ORDER, _today_params(today)).fetchall()]


def today_planned(today: date) -> dict[int, tuple[int, str]]:
    """Return id → (version, rule) of the Today list's planned revisits, in its order."""
    return {row[0]: (row[1], row[2]) for row in _execute(
        "SELECT r.id, r.version, r.rule FROM revisit r JOIN account a ON a.id = r.account_id "
        "AND a.deleted_at IS NULL" + _today_where() + " AND r.status = 'planned'" + _ORDER,
        _today_params(today)).fetchall()}


def decline_inputs(account_ids: Iterable[int], today: date) -> dict[int, DeclineInputs]:
    """Return purchase dates and the last contact of the given accounts, in two GROUP BYs."""
    ids = sorted({int(i) for i in account_ids})
    if not ids:
        return {}
    db = m.Account._meta.database
    scope = json.dumps(ids)
    in_scope = json_ids()
    # SQLite's spelling stays as it was; PostgreSQL joins the dates as ISO text.
    dates = (joined(sql_date("purchased_on")) if is_postgres()
             else f"GROUP_CONCAT({sql_date('purchased_on')})")
    classes = dict(db.execute_sql(
        f"SELECT id, abc_class FROM account WHERE id IN {in_scope}",
        (scope,)).fetchall())
    purchases = dict(db.execute_sql(
        f"SELECT account_id, {dates} FROM purchase "
        "WHERE deleted_at IS NULL "
        f"AND purchased_on <= ? AND account_id IN {in_scope} "
        "GROUP BY account_id", (today.isoformat(), scope)).fetchall())
    contacts = dict(db.execute_sql(
        f"SELECT account_id, MAX({sql_date('occurred_on')}) FROM activity "
        "WHERE deleted_at IS NULL "
        f"AND occurred_on <= ? AND account_id IN {in_scope} "
        "GROUP BY account_id", (today.isoformat(), scope)).fetchall())
    return {
        account_id: DeclineInputs(
            classes.get(account_id, "C"),
            tuple(day for text in (purchases.get(account_id) or "").split(",")
                  if (day := as_date(text))),
            as_date(contacts.get(account_id)))
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

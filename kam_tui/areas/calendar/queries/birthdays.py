"""Whose birthday falls in a few days, for the day and week views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kam_tui.areas.calendar.queries.generation import in_list
from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import month_day_of, month_number_of
from kam_tui.core.db.sql import sql_date


@dataclass(frozen=True)
class Birthday:
    """A live contact's birthday on a day, with the account's name."""

    day: date
    contact: str
    account: str


def birthdays_between(start: date, end: date) -> list[Birthday]:
    """Return the birthdays of live contacts of live accounts from start to end, by day."""
    months: set[str] = set()
    day = start
    while day <= end:
        months.add(f"{day.month:02d}")
        day += timedelta(days=1)
    cursor = m.Contact._meta.database.execute_sql(
        f"SELECT {month_day_of('cn.birthday')}, cn.name, "
        "COALESCE(NULLIF(a.short_name, ''), a.name) "
        "FROM contact cn JOIN account a ON a.id = cn.account_id AND a.deleted_at IS NULL "
        f"WHERE cn.deleted_at IS NULL AND {sql_date('cn.birthday')} IS NOT NULL "
        f"AND {month_number_of('cn.birthday')} IN {in_list(months)} ORDER BY cn.name, cn.id")
    found: list[Birthday] = []
    for month_day, name, account in cursor.fetchall():
        month, day_of_month = (int(part) for part in month_day.split("-"))
        for year in range(start.year, end.year + 1):
            when = c.birthday_in(date(2000, month, day_of_month), year)
            if start <= when <= end:
                found.append(Birthday(when, name or "", account or ""))
    return sorted(found, key=lambda birthday: birthday.day)

"""The iCalendar export's read: planned revisits as events, bad rows skipped and counted.

Birthdays are personal dates: they leave kam only when the rep asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kam_tui.areas.calendar.rules import ical
from kam_tui.areas.calendar.rules.labels import rule_label
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import is_postgres, named
from kam_tui.core.domain.text import one_line
from kam_tui.core.domain.vocab import ActivityKind, CadenceRule, Lang

PERSONAL_RULES = frozenset({CadenceRule.BIRTHDAY.value})

# Read raw, not through the models: a date that does not parse must cost one event, not the
# export. A due date SQLite does not read back as itself ('', '2026-02-30') is bad whatever the
# range, so it is read to be counted.
# PostgreSQL's typed column holds real dates only, so there the range is all there is.
_SQL = """SELECT r.uuid, r.due_on, r.kind, r.rule, r.rule_key, r.note, a.name, a.short_name,
       cn.name
FROM revisit r JOIN account a ON a.id = r.account_id AND a.deleted_at IS NULL
LEFT JOIN contact cn ON cn.id = r.contact_id
WHERE r.deleted_at IS NULL AND r.status = 'planned'
  AND {in_range}
ORDER BY r.due_on, a.name, r.id"""


def _sql() -> str:
    if is_postgres():
        return named(_SQL.format(in_range="r.due_on <= :end"))
    return _SQL.format(in_range="(r.due_on <= :end OR date(r.due_on) IS NOT r.due_on)")


class Exported(int):
    """How many revisits were exported; `skipped` bad rows and `personal` birthdays were not."""

    skipped: int
    personal: int

    def __new__(cls, count: int, skipped: int = 0, personal: int = 0) -> Exported:
        value = super().__new__(cls, count)
        value.skipped = skipped
        value.personal = personal
        return value


@dataclass(frozen=True)
class Built:
    """The calendar text and what went into it."""

    text: str
    exported: Exported


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)  # ValueError for '', '2026-02-30', '2026-13-45'
    raise ValueError(f"not a date: {value!r}")


def _event(row: tuple[Any, ...], today: date, lang: Lang) -> ical.Event:
    uid, due_raw, kind_code, rule, rule_key, note, name, short, contact = row
    due_on = _day(due_raw)
    if not uid:
        raise ValueError("no uid")  # a phone could not tell this event from the next
    kind_code, rule = str(kind_code or ""), str(rule or "")
    kind = ActivityKind.label_of(kind_code, lang) or kind_code
    summary = f"{kind}: {one_line(short or name, 80)}"
    if contact:
        summary += f" · {one_line(contact, 40)}"
    lines = [one_line(name, 200), rule_label(rule, str(rule_key or ""), lang)]
    if due_on < today:
        lines.append(("原定 " if lang == "zh" else "Was due ") + due_on.isoformat())
    if note:
        lines.append(str(note))
    # Overdue revisits go on today, so a phone shows them as due now.
    return ical.Event(str(uid), max(due_on, today), summary, "\n".join(lines),
                      categories=(kind,) if kind else ())


def build(today: date, lang: Lang, days: int, *, stamp: datetime,
          include_personal: bool = False) -> Built:
    """Return the .ics text of the planned revisits up to `days` ahead, overdue ones on today."""
    end = today + timedelta(days=days)
    rows = m.Revisit._meta.database.execute_sql(_sql(), {"end": end.isoformat()}).fetchall()
    events: list[ical.Event] = []
    skipped = personal = 0
    for row in rows:
        if not include_personal and row[3] in PERSONAL_RULES:
            personal += 1
            continue
        try:
            events.append(_event(row, today, lang))
        except (ValueError, TypeError, OverflowError):
            skipped += 1
    text = ical.calendar_text(events, stamp, name="kam-tui")
    return Built(text, Exported(len(events), skipped, personal))

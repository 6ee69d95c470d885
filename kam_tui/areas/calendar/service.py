"""What the revisit calendar asks of the database; each call opens its own connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import peewee as pw

from kam_tui.areas.calendar.queries import (
    actions,
    agenda,
    birthdays,
    generation,
    ics_export,
)
from kam_tui.areas.calendar.queries.actions import Batch, RevisitChanged
from kam_tui.areas.calendar.queries.agenda import AgendaRow, DayCount
from kam_tui.areas.calendar.queries.birthdays import Birthday
from kam_tui.areas.calendar.queries.generation import Generated
from kam_tui.areas.calendar.queries.ics_export import Exported
from kam_tui.areas.calendar.rules import labels
from kam_tui.areas.calendar.rules.holidays import holidays_between
from kam_tui.core import config
from kam_tui.core.db.records import ValidationFailed
from kam_tui.core.db.settings import set_setting
from kam_tui.core.domain import decline
from kam_tui.core.domain.vocab import Lang
from kam_tui.core.files import database_files, write_private

__all__ = [
    "AgendaRow",
    "Batch",
    "Birthday",
    "CalendarService",
    "DayCount",
    "DayNotes",
    "Exported",
    "Generated",
    "MonthView",
    "RevisitChanged",
    "ValidationFailed",
]

EXPORT_DAYS = 90


@dataclass(frozen=True)
class MonthView:
    """Everything the month grid draws, from aggregate queries only."""

    year: int
    month: int
    start: date  # the Monday the grid starts on
    end: date  # the Sunday it ends on
    counts: dict[date, dict[str, int]] = field(default_factory=dict)  # planned, by kind
    done: dict[date, int] = field(default_factory=dict)  # done or skipped
    overdue_days: frozenset[date] = frozenset()
    holidays: dict[date, str] = field(default_factory=dict)
    birthdays: dict[date, int] = field(default_factory=dict)
    overdue: int = 0
    planned: int = 0  # planned revisits in the month itself
    invalid: int = 0  # planned revisits whose date does not parse: on no day, told in the title


@dataclass(frozen=True)
class DayNotes:
    """What falls on the days of an agenda besides revisits: holidays and birthdays."""

    holidays: list[tuple[date, str]] = field(default_factory=list)
    birthdays: list[Birthday] = field(default_factory=list)


class CalendarService:
    """The calendar area's service: month aggregates, agendas, Today, revisit actions, export."""

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    # --- generation ------------------------------------------------------------------------

    def generate(self, account_ids: Iterable[int] | None = None) -> Generated:
        """Create the revisits the cadence rules want (all accounts, or the given ones)."""
        with self.db.connection_context():
            ids = None if account_ids is None else list(account_ids)
            return generation.generate(self.today(), account_ids=ids)

    # --- reading ---------------------------------------------------------------------------

    def month(self, year: int, month: int, lang: Lang = "en") -> MonthView:
        """Return the month grid's counts, overdue days, holidays and birthdays."""
        start, end = agenda.grid_range(year, month)
        today = self.today()
        with self.db.connection_context():
            rows = agenda.day_counts(start, end)
            overdue = agenda.overdue_count(today)
            invalid = agenda.invalid_count()
            birthdays = agenda.birthday_counts(start, end)
        counts: dict[date, dict[str, int]] = {}
        done: dict[date, int] = {}
        overdue_days: set[date] = set()
        planned = 0
        for row in rows:
            if row.status == "planned":
                counts.setdefault(row.day, {})
                counts[row.day][row.kind] = counts[row.day].get(row.kind, 0) + row.count
                if row.day < today:
                    overdue_days.add(row.day)
                if row.day.month == month:
                    planned += row.count
            else:
                done[row.day] = done.get(row.day, 0) + row.count
        holidays: dict[date, str] = {}
        for day, name in holidays_between(start, end, lang):
            holidays.setdefault(day, name)
        return MonthView(year, month, start, end, counts, done, frozenset(overdue_days),
                         holidays, birthdays, overdue, planned, invalid)

    def agenda(self, start: date, end: date) -> tuple[int, list[AgendaRow]]:
        """Return how many revisits fall from start to end, and the first page."""
        with self.db.connection_context():
            return agenda.agenda_count(start, end), agenda.agenda_page(start, end, 0, PAGE)

    def day_notes(self, start: date, end: date, lang: Lang = "en") -> DayNotes:
        """Return the holidays and birthdays from start to end, revisit or not."""
        with self.db.connection_context():
            found = birthdays.birthdays_between(start, end)
        return DayNotes(holidays_between(start, end, lang), found)

    def agenda_page(self, start: date, end: date, offset: int, limit: int) -> list[AgendaRow]:
        """Return one page of revisits from start to end."""
        with self.db.connection_context():
            return agenda.agenda_page(start, end, offset, limit)

    def today_list(self) -> tuple[int, int, list[AgendaRow]]:
        """Return the Today list's size, the overdue count and its first page."""
        today = self.today()
        with self.db.connection_context():
            return (agenda.today_count(today), agenda.overdue_count(today),
                    agenda.today_page(today, 0, PAGE))

    def today_page(self, offset: int, limit: int) -> list[AgendaRow]:
        """Return one page of the Today list."""
        with self.db.connection_context():
            return agenda.today_page(self.today(), offset, limit)

    def agenda_ids(self, start: date, end: date) -> list[int]:
        """Return the ids of the revisits from start to end in the agendas' order (an export)."""
        with self.db.connection_context():
            return agenda.agenda_ids(start, end)

    def today_ids(self) -> list[int]:
        """Return the ids of the Today list's revisits in its order (for an export)."""
        with self.db.connection_context():
            return agenda.today_ids(self.today())

    def today_planned(self) -> dict[int, tuple[int, str]]:
        """Return id → (version, rule) of every planned revisit on the Today list (to mark)."""
        with self.db.connection_context():
            return agenda.today_planned(self.today())

    def warnings(self, account_ids: Iterable[int]) -> dict[int, list[decline.DeclineWarning]]:
        """Return the decline warnings of the given accounts (no purchase, no contact)."""
        today = self.today()
        with self.db.connection_context():
            inputs = agenda.decline_inputs(account_ids, today)
        return {
            account_id: found for account_id, facts in inputs.items()
            if (found := decline.decline_warnings(
                today, facts.purchase_dates, facts.last_contact,
                max_days_without_contact=decline.contact_limit(facts.abc_class)))
        }

    def revisit(self, revisit_id: int) -> AgendaRow | None:
        """Return one revisit, or None if it is gone."""
        with self.db.connection_context():
            return agenda.revisit_row(revisit_id)

    def people(self, account_id: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]],
                                               int | None]:
        """Return the account's contacts, our people, and the account's owner id."""
        with self.db.connection_context():
            contacts, staff = actions.people_options(account_id)
            return contacts, staff, actions.account_owner(account_id)

    def rule_row(self, account_id: int, rule: str) -> int | None:
        """Return the id of the account's setting row for a rule, if any."""
        with self.db.connection_context():
            return actions.rule_row(account_id, rule)

    # --- acting ----------------------------------------------------------------------------

    def complete(self, revisit_id: int, version: int, raw: dict[str, Any], *,
                 contact_ids: Iterable[int] = (), staff_ids: Iterable[int] = ()
                 ) -> tuple[int, int | None]:
        """Log the contact, mark the revisit done, plan the next step; see revisit_queries."""
        with self.db.connection_context():
            return actions.complete(revisit_id, version, raw, contact_ids=contact_ids,
                              staff_ids=staff_ids, today=self.today())

    def reschedule(self, revisit_id: int, version: int, due_on: date) -> None:
        """Move a revisit to another day."""
        with self.db.connection_context():
            actions.reschedule(revisit_id, version, due_on)

    def skip(self, revisit_id: int, version: int, reason: str) -> None:
        """Skip a revisit with a reason."""
        with self.db.connection_context():
            actions.skip(revisit_id, version, reason, self.today())

    # Several at once: each batch is one transaction, all or nothing, and undone whole.

    def review_many(self, marks: dict[int, int]) -> Batch:
        """Mark card reviews (id → version shown) done today, logging no contact."""
        with self.db.connection_context():
            return actions.review_many(marks, self.today())

    def skip_many(self, marks: dict[int, int], reason: str) -> Batch:
        """Skip the marked revisits with one reason."""
        with self.db.connection_context():
            return actions.skip_many(marks, reason, self.today())

    def reschedule_many(self, marks: dict[int, int], due_on: date) -> Batch:
        """Move the marked revisits to one day."""
        with self.db.connection_context():
            return actions.reschedule_many(marks, due_on, self.today())

    def undo(self, batch: Batch) -> int:
        """Take a batch back; return how many revisits were put back."""
        with self.db.connection_context():
            return actions.undo(batch)

    # --- settings --------------------------------------------------------------------------
    # Where kam opens is the person's own choice (their config file); whether revisits fall on
    # working days only is the team's rule (the database), changed on a server by managers.

    def open_on_today(self) -> bool:
        """Return whether the rep wants kam-tui to open on the Today list."""
        return config.load().open_on_today

    def set_open_on_today(self, value: bool) -> None:
        """Store whether kam-tui opens on the Today list, in the rep's config file."""
        config.remember("open_on_today", value)

    def working_days_only(self) -> bool:
        """Return whether revisits are planned on working days only (the default)."""
        with self.db.connection_context():
            return generation.working_days_only()

    def set_working_days_only(self, value: bool) -> None:
        """Store whether revisits are planned on working days only."""
        with self.db.connection_context():
            set_setting(generation.WORKING_DAYS_ONLY, "1" if value else "0")

    # --- export ----------------------------------------------------------------------------

    def export_ics(self, path: str | Path, lang: Lang = "en", days: int = EXPORT_DAYS, *,
                   include_personal: bool = False, overwrite: bool = False) -> Exported:
        """Write the planned revisits of the coming days to a private .ics file; say how many.

        Birthdays go in only with include_personal; the open database is never the target.
        """
        with self.db.connection_context():
            built = ics_export.build(self.today(), lang, days, stamp=_utc_now(),
                                     include_personal=include_personal)
        write_private(path, built.text, overwrite=overwrite,
                      protect=database_files(self.db.database))
        return built.exported


PAGE = 100


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def rule_label(row: AgendaRow, lang: Lang = "en") -> str:
    """Return what planned a revisit, with the festival's name for a holiday visit."""
    return labels.rule_label(row.rule, row.rule_key, lang)
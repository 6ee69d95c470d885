"""What the calendar's workers post to the calendar screen (handlers: on_calendar_screen_…)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message

from kam_tui.areas.calendar.service import AgendaRow, Batch, DayNotes, MonthView
from kam_tui.core.domain.decline import DeclineWarning
from kam_tui.ui.kit.paged_table import PagedTable


@dataclass
class MonthLoaded(Message, namespace="calendar_screen"):
    """A worker read a month's aggregates."""

    view: MonthView
    number: int


@dataclass
class AgendaLoaded(Message, namespace="calendar_screen"):
    """A worker counted a date range's revisits, read the first page and the days' notes."""

    start: date
    end: date
    count: int
    rows: list[AgendaRow]
    number: int
    notes: DayNotes


@dataclass
class TodayLoaded(Message, namespace="calendar_screen"):
    """A worker read the Today list's size and first page, with decline warnings."""

    count: int
    overdue: int
    rows: list[AgendaRow]
    warnings: dict[int, list[DeclineWarning]]
    number: int


@dataclass
class PageLoaded(Message, namespace="calendar_screen"):
    """A worker read one more page of a list."""

    table: PagedTable
    generation: int
    offset: int
    rows: list[AgendaRow]
    warnings: dict[int, list[DeclineWarning]]


@dataclass
class Generated(Message, namespace="calendar_screen"):
    """A worker ran the cadence rules."""

    created: int
    superseded: int


@dataclass
class Acted(Message, namespace="calendar_screen"):
    """A worker moved or skipped a revisit (or found it changed elsewhere)."""

    text: str
    changed: bool = False
    account_id: int | None = None


@dataclass
class Notice(Message, namespace="calendar_screen"):
    """A worker has something to tell the rep."""

    text: str
    severity: str = "information"


class StartOnToday(Message, namespace="calendar_screen"):
    """The rep asked to open on the Today list."""


@dataclass
class RuleFound(Message, namespace="calendar_screen"):
    """A worker looked up the account's setting row for a rule."""

    account_id: int
    rule: str
    rule_id: int | None


@dataclass
class Batched(Message, namespace="calendar_screen"):
    """A worker acted on revisits at once (the marked ones, or one card review): undoable."""

    text: str
    batch: Batch
    name: str  # what the undo names


@dataclass
class MarksFound(Message, namespace="calendar_screen"):
    """A worker read every planned revisit of the Today list, to mark them all."""

    marks: dict[int, tuple[int, str]]


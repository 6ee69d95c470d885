"""The Today list: overdue revisits, today's, and the next seven days', with decline warnings.

Rows can be marked (space, or all at once) so that done, skip and reschedule act on them all.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.binding import Binding

from kam_tui.areas.calendar.rules.cadence import logs_contact
from kam_tui.areas.calendar.service import AgendaRow, rule_label
from kam_tui.areas.calendar.ui.week_agenda import (
    kind_cell,
    revisit_columns,
    status_mark,
    who,
)
from kam_tui.core.domain.decline import DeclineWarning
from kam_tui.ui.i18n import translate
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.paged_table import Cell, Column, PagedTable

MARK = "*"  # a marked row, readable without colour (and one cell wide in every terminal)


class TodayList(PagedTable):
    """What to do now: overdue first, then today, then the coming week; warnings per account."""

    BINDINGS = [
        Binding("space", "screen.mark", "Mark", id="calendar.mark"),
        Binding("asterisk", "screen.mark_all", "Mark all/none", id="calendar.mark_all",
                key_display="*"),
    ]

    def __init__(self, *, lang: str = "en", id: str | None = None,
                 classes: str | None = None) -> None:
        self.lang = lang
        # Marked revisits: id → (version shown, rule), kept while the list reloads.
        self.marks: dict[int, tuple[int, str]] = {}
        columns = [Column("mark", "", 1, priority=0), *revisit_columns(
            lang, "when", Column("warning", translate("calendar.col_warning", lang), 0,
                                 min_width=18, priority=2), later=1, first_width=11)]
        super().__init__(columns, empty_text=translate("calendar.empty_today", lang), id=id,
                         classes=classes)

    def _when(self, row: AgendaRow, today: date) -> Text:
        days = (row.due_on - today).days
        if days < 0 and not logs_contact(row.rule):  # how long the card has waited, once
            since = (f"{row.due_on.month:02d}-{row.due_on.day:02d}"
                     if row.due_on.year == today.year else str(row.due_on.year))
            return Text(translate("calendar.when_since", self.lang, day=since),
                        style="bold red")
        if days < 0:
            return Text(translate("calendar.when_overdue", self.lang, days=-days),
                        style="bold red")
        if days == 0:
            return Text(translate("calendar.when_today", self.lang), style="bold")
        return Text(translate("calendar.when_ahead", self.lang, days=days))

    def _mark(self, key: object) -> Text:
        return Text(MARK, style="bold") if key in self.marks else Text(" ")

    def cells(self, row: AgendaRow, today: date,
              warnings: list[DeclineWarning] | None = None) -> tuple[object, tuple[Cell, ...]]:
        """Return the table row for a revisit, with its account's decline warnings."""
        warning = Text()
        if warnings:
            warning = Text("⚠ " + "; ".join(
                translate(f"calendar.warn_{w.code}", self.lang, days=w.days, limit=w.limit)
                for w in warnings), style="yellow")
        if row.id in self.marks:  # shown again: act on the version now shown
            self.marks[row.id] = (row.version, row.rule)
        return row.id, (
            self._mark(row.id),
            self._when(row, today),
            status_mark(row, today),
            kind_cell(row, self.lang),
            who(row),
            fmt.literal(row.contact_name, 40),
            rule_label(row, self.lang),
            warning,
        )

    # --- marks -------------------------------------------------------------------------------

    def set_marks(self, marks: dict[int, tuple[int, str]]) -> None:
        """Mark exactly these revisits and redraw the mark column."""
        self.marks = dict(marks)
        for index, (key, cells) in list(self._rows.items()):
            self._rows[index] = (key, (self._mark(key), *cells[1:]))
        self.refresh()

    def toggle_mark(self, row: AgendaRow) -> bool:
        """Mark or unmark a revisit; return whether it is marked now."""
        marks = dict(self.marks)
        if row.id in marks:
            del marks[row.id]
        else:
            marks[row.id] = (row.version, row.rule)
        self.set_marks(marks)
        return row.id in marks

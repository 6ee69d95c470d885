"""The Today list: overdue revisits, today's, and the next seven days', with decline warnings."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from kam_tui.areas.calendar.service import AgendaRow, rule_label
from kam_tui.areas.calendar.ui.week_agenda import (
    revisit_columns,
    status_mark,
    who,
)
from kam_tui.core.domain.decline import DeclineWarning
from kam_tui.core.domain.vocab import ActivityKind
from kam_tui.ui.i18n import translate
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.paged_table import Cell, Column, PagedTable


class TodayList(PagedTable):
    """What to do now: overdue first, then today, then the coming week; warnings per account."""

    def __init__(self, *, lang: str = "en", id: str | None = None,
                 classes: str | None = None) -> None:
        self.lang = lang
        columns = revisit_columns(lang, "when", Column(
            "warning", translate("calendar.col_warning", lang), 0, min_width=18, priority=2),
            later=1)
        super().__init__(columns, empty_text=translate("calendar.empty_today", lang), id=id,
                         classes=classes)

    def _when(self, due: date, today: date) -> Text:
        days = (due - today).days
        if days < 0:
            return Text(translate("calendar.when_overdue", self.lang, days=-days),
                        style="bold red")
        if days == 0:
            return Text(translate("calendar.when_today", self.lang), style="bold")
        return Text(translate("calendar.when_ahead", self.lang, days=days))

    def cells(self, row: AgendaRow, today: date,
              warnings: list[DeclineWarning] | None = None) -> tuple[object, tuple[Cell, ...]]:
        """Return the table row for a revisit, with its account's decline warnings."""
        warning = Text()
        if warnings:
            warning = Text("⚠ " + "; ".join(
                translate(f"calendar.warn_{w.code}", self.lang, days=w.days, limit=w.limit)
                for w in warnings), style="yellow")
        return row.id, (
            self._when(row.due_on, today),
            status_mark(row, today),
            ActivityKind.label_of(row.kind, self.lang) or row.kind,
            who(row),
            fmt.literal(row.contact_name, 40),
            rule_label(row, self.lang),
            warning,
        )

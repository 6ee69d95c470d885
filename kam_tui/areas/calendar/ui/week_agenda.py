"""The revisits of a week (or of one day) as a virtual table, one row per revisit."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text

from kam_tui.areas.calendar.rules.cadence import logs_contact
from kam_tui.areas.calendar.service import AgendaRow, rule_label
from kam_tui.areas.calendar.ui.names import weekday as weekday_name
from kam_tui.core.domain.vocab import ActivityKind
from kam_tui.ui.i18n import translate
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.paged_table import Cell, Column, PagedTable

STATUS_MARKS = {"planned": "○", "done": "✓", "skipped": "–"}


def status_mark(row: AgendaRow, today: date) -> Text:
    """Return the revisit's status as a symbol that reads without colour."""
    if row.status == "planned" and row.due_on < today:
        return Text("!", style="bold red")
    if row.status == "done":
        return Text("✓", style="green")
    return Text(STATUS_MARKS.get(row.status, "?"), style="dim" if row.status == "skipped" else "")


def kind_cell(row: AgendaRow, lang: str) -> str:
    """Return what a revisit asks for: a card review is reviewing the card, not a call."""
    if not logs_contact(row.rule):
        return translate("calendar.kind_review", lang)
    return ActivityKind.label_of(row.kind, lang) or row.kind


def kind_width(lang: str) -> int:
    """Return the kind column's width: the widest kind's name, at most 10 cells."""
    return min(10, max(cell_len(kind.label(lang)) for kind in ActivityKind))


def status_width(header: str) -> int:
    """Return the status column's width: its one-sign cells need only the header's room."""
    return max(2, cell_len(header))


def who(row: AgendaRow) -> Text:
    """Return the account's short name (or name) as literal text."""
    return fmt.literal(row.account_short or row.account_name, 80)


def revisit_columns(lang: str, first: str, last: Column, *, later: int = 0,
                    first_width: int = 10) -> list[Column]:
    """The columns of a list of revisits: the day, status, kind, account, person, rule, then last.

    `later` lowers the kind, person and rule columns' priority so that `last` outlasts them.
    """
    t = lambda key: translate(key, lang)  # noqa: E731 - a local shorthand
    return [
        Column(first, t("calendar.col_day"), first_width, priority=0),
        Column("status", t("calendar.col_status"), status_width(t("calendar.col_status")),
               priority=0),
        Column("kind", t("calendar.col_kind"), kind_width(lang), priority=2 + later),
        Column("account", t("calendar.col_account"), 0, min_width=16),
        Column("contact", t("calendar.col_contact"), 12, priority=3 + later),
        Column("rule", t("calendar.col_rule"), 16, priority=4 + later),
        last,
    ]


class WeekAgenda(PagedTable):
    """A week's (or a day's) revisits by date: status, kind, account, person, why, note."""

    def __init__(self, *, lang: str = "en", id: str | None = None,
                 classes: str | None = None) -> None:
        self.lang = lang
        columns = revisit_columns(lang, "day", Column(
            "note", translate("calendar.col_note", lang), 0, min_width=14, priority=5))
        super().__init__(columns, empty_text=translate("calendar.empty_week", lang), id=id,
                         classes=classes)

    def cells(self, row: AgendaRow, today: date) -> tuple[object, tuple[Cell, ...]]:
        """Return the table row for a revisit."""
        weekday = weekday_name(row.due_on, self.lang)
        day = Text(f"{weekday} {row.due_on.month:02d}-{row.due_on.day:02d}")
        if row.due_on == today:
            day.stylize("bold")
        note = row.skip_reason if row.status == "skipped" and row.skip_reason else row.note
        return row.id, (
            day,
            status_mark(row, today),
            kind_cell(row, self.lang),
            who(row),
            fmt.literal(row.contact_name, 40),
            rule_label(row, self.lang),
            fmt.literal(note, 200),
        )

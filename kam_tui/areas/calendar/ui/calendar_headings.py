"""The calendar screen's title line and legend: what is shown, how many, what is overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import Static

from kam_tui.areas.calendar.service import MonthView
from kam_tui.areas.calendar.ui.day_notes_line import DayNotesLine
from kam_tui.areas.calendar.ui.names import month_title, weekday


class CalendarHeadings:
    """Draws the title and legend of the calendar screen, mixed into it."""

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    view: str
    cursor: date
    lang: str
    _month: MonthView | None
    t: Callable[..., str]
    query_one: Callable[..., Any]

    def _day_name(self, day: date) -> str:
        return f"{weekday(day, self.lang)} {day.isoformat()}"

    def _title(self, text: str, overdue: int | None, invalid: int = 0) -> None:
        title = Text(" " + text, style="bold")
        if overdue:
            title.append("   ")
            title.append(self.t("calendar.overdue", count=overdue), style="bold red")
        elif overdue == 0:
            title.append("   " + self.t("calendar.none_overdue"), style="dim")
        if invalid:
            title.append("   ")
            title.append(self.t("value.skipped", count=invalid), style="bold")
        self.query_one("#cal-title", Static).update(title)

    def _title_month(self) -> None:
        view = self._month
        name = month_title(self.cursor.year, self.cursor.month, self.lang)
        if view is None or (view.year, view.month) != (self.cursor.year, self.cursor.month):
            self._title(f"{name} · {self.t('calendar.loading')}", None)
            return
        self._title(self.t("calendar.title_month", month=name, planned=view.planned),
                    view.overdue, view.invalid)

    def _update_legend(self) -> None:
        self.query_one("#cal-kinds").display = self.view == "month"
        if self.view not in ("week", "day"):
            self.query_one("#cal-notes", DayNotesLine).show(None, self.lang, dated=False)
        key = "calendar.legend" if self.view == "month" else "calendar.legend_list"
        text = Text(" ")
        if self.view == "month":
            text.append(self._day_name(self.cursor), style="bold")
            text.append(" · ")
        text.append(self.t(key), style="dim")
        self.query_one("#cal-legend", Static).update(text)

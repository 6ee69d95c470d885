"""The revisit calendar (回访日历): month grid, week and day agendas, and the Today list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static

from kam_tui.areas.calendar.service import AgendaRow, CalendarService, MonthView
from kam_tui.areas.calendar.ui.calendar_actions import RevisitActions
from kam_tui.areas.calendar.ui.calendar_headings import CalendarHeadings
from kam_tui.areas.calendar.ui.calendar_help import CalendarHelp
from kam_tui.areas.calendar.ui.calendar_messages import (
    Acted,
    AgendaLoaded,
    Generated,
    MonthLoaded,
    Notice,
    PageLoaded,
    StartOnToday,
    TodayLoaded,
)
from kam_tui.areas.calendar.ui.calendar_workers import CalendarWorkers
from kam_tui.areas.calendar.ui.cursor_follow import refill
from kam_tui.areas.calendar.ui.day_notes_line import DayNotesLine
from kam_tui.areas.calendar.ui.kind_legend import KindLegend
from kam_tui.areas.calendar.ui.month_grid import MonthGrid
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.areas.calendar.ui.week_agenda import WeekAgenda
from kam_tui.core.domain.dates import add_months
from kam_tui.core.domain.decline import DeclineWarning
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.paged_table import PagedTable
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter

VIEWS = ("month", "week", "day", "today")


class CalendarScreen(RevisitActions, CalendarWorkers, CalendarHeadings, CalendarHelp, Localised,
                     Screen):
    """Revisits by month, week, day and what is due now; complete, move or skip them."""

    BINDINGS = [
        Binding("x", "done", "Done", id="calendar.done"),
        Binding("r", "reschedule", "Reschedule", id="calendar.reschedule"),
        Binding("s", "skip", "Skip", id="calendar.skip"),
        Binding("n", "new", "New", id="calendar.new"),
        Binding("m", "view('month')", "Month", id="calendar.view_month"),
        Binding("w", "view('week')", "Week", id="calendar.view_week"),
        Binding("a", "view('today')", "Today list", id="calendar.view_today"),
        Binding("t", "go_today", "Today", show=False, id="calendar.go_today"),
        Binding("left_square_bracket", "page(-1)", "Previous", id="calendar.prev",
                key_display="["),
        Binding("right_square_bracket", "page(1)", "Next", id="calendar.next", key_display="]"),
        Binding("e", "edit", "Edit", show=False, id="calendar.edit"),
        Binding("c", "rule", "Rule", show=False, id="calendar.rule"),
        Binding("b", "toggle_working_days", "Working days", id="calendar.working_days"),
        Binding("i", "export", "Export", id="calendar.export"),
        Binding("ctrl+e", "export_rows", "Export…", id="tool.export"),
        Binding("o", "toggle_open_on_today", "Open on Today", show=False,
                id="calendar.open_on_today"),
        Binding("escape", "back", "Back", show=False, id="calendar.back"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
        Binding("u,ctrl+z", "app.undo", "Undo", show=False, id="verb.undo", key_display="u"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "month"
        self.cursor = date.today()
        self._rows: dict[int, AgendaRow] = {}
        self._month: MonthView | None = None
        self._agenda_range: tuple[date, date] | None = None
        self._mounted = False
        self._order = LoadOrder()  # one for the month, agenda and Today reads: one is on screen
        self._today_counts: tuple[int, int] | None = None  # the Today list's size and overdue

    @property
    def service(self) -> CalendarService:
        """Return the app's one CalendarService."""
        return self.app.service(CalendarService)  # type: ignore[attr-defined]

    @property
    def today(self) -> date:
        """Return the app's today."""
        return self.app.today()  # type: ignore[attr-defined]

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        self.cursor = self.today
        yield Header()
        yield Static(Text(self.app.t("calendar.loading")), id="cal-title")  # type: ignore[attr-defined]
        yield DayNotesLine("", id="cal-notes")
        with ContentSwitcher(initial="cal-month", id="cal-views"):
            yield MonthGrid(today=self.today, lang=lang, id="cal-month")
            yield WeekAgenda(lang=lang, id="cal-week")
            yield TodayList(lang=lang, id="cal-today")
        yield KindLegend(lang, id="cal-kinds")
        yield Static("", id="cal-legend")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.app.t("area.calendar")  # type: ignore[attr-defined]
        self._mounted = True
        self.query_one(MonthGrid).focus()
        self._show()
        self._generate()
        self._read_start_view()

    def on_screen_resume(self) -> None:
        if self._mounted:
            self._generate()
            self._reload()

    # --- where other areas and the app send us ---------------------------------------------

    def show_record(self, **focus: Any) -> None:
        """Open on a view (`view="today"`, "month", "week", "day") and/or a day (`day=`)."""
        day = focus.get("day")
        if isinstance(day, str):
            day = date.fromisoformat(day)
        if isinstance(day, date):
            self.cursor = day
        view = focus.get("view")
        self.action_view(view if view in VIEWS else ("day" if day else self.view))

    # --- showing ---------------------------------------------------------------------------

    def _show(self) -> None:
        """Show the current view at the cursor and load what it needs."""
        switcher = self.query_one(ContentSwitcher)
        widget_id = {"month": "cal-month", "week": "cal-week", "day": "cal-week",
                     "today": "cal-today"}[self.view]
        switcher.current = widget_id
        self.query_one(f"#{widget_id}").focus()
        self._reload()

    def _reload(self) -> None:
        self._update_legend()
        if self.view == "month":
            grid = self.query_one(MonthGrid)
            if grid.cursor != self.cursor:
                grid.cursor = self.cursor
            self._title_month()
            self._fetch_month(self.cursor.year, self.cursor.month, self._order.next())
        elif self.view == "today":
            self._fetch_today(self._order.next())
        else:
            start, end = self._span()
            self._fetch_agenda(start, end, self._order.next())

    def _span(self) -> tuple[date, date]:
        if self.view == "day":
            return self.cursor, self.cursor
        start = self.cursor - timedelta(days=self.cursor.weekday())
        return start, start + timedelta(days=6)

    def action_export_rows(self) -> None:
        """Export the revisits shown (the Today list, the week, the day or the month) as a
        sheet; the exchange area reads their ids in its worker."""
        service = self.service
        if self.view == "today":
            self.app.open_tool("export", kind="revisits",  # type: ignore[attr-defined]
                               ids=service.today_ids)
            return
        if self.view == "month":
            start = self.cursor.replace(day=1)
            end = add_months(start, 1) - timedelta(days=1)
        else:
            start, end = self._span()
        self.app.open_tool("export", kind="revisits",  # type: ignore[attr-defined]
                           ids=lambda: service.agenda_ids(start, end))


    @on(MonthLoaded)
    def _month_loaded(self, message: MonthLoaded) -> None:
        if not self._order.accept(message.number):
            return  # the rep moved on to another month or view; its answer is newer
        self._month = message.view
        self.query_one(MonthGrid).show(message.view)
        if self.view == "month":
            self._title_month()

    @on(AgendaLoaded)
    def _agenda_loaded(self, message: AgendaLoaded) -> None:
        if (self.view not in ("week", "day") or (message.start, message.end) != self._span()
                or not self._order.accept(message.number)):
            return
        same = self._agenda_range == (message.start, message.end)
        self._agenda_range = (message.start, message.end)
        table = self.query_one(WeekAgenda)
        refill(table, message.count, [self._remember(row, table) for row in message.rows],
               keep=same)
        self.query_one(DayNotesLine).show(message.notes, self.lang, dated=self.view == "week")
        if self.view == "day":
            self._title(self.t("calendar.title_day", day=self._day_name(message.start),
                               count=message.count), None)
        else:
            week = message.start.isocalendar()[1]
            self._title(self.t("calendar.title_week", week=week, start=message.start.isoformat(),
                               end=message.end.isoformat(), count=message.count), None)

    @on(TodayLoaded)
    def _today_loaded(self, message: TodayLoaded) -> None:
        if not self._order.accept(message.number):
            return
        table = self.query_one(TodayList)
        refill(table, message.count, [self._remember(row, table, message.warnings)
                                      for row in message.rows], keep=True)
        self._today_counts = (message.count, message.overdue)
        self._title_today()

    def _title_today(self) -> None:
        """Title the Today list: its size, how many are marked, how many overdue."""
        if self._today_counts is None or self.view != "today":
            return
        count, overdue = self._today_counts
        text = self.t("calendar.title_today", day=self._day_name(self.today), count=count)
        marked = len(self.query_one(TodayList).marks)
        if marked:
            text += " · " + self.t("calendar.marked", count=marked)
        self._title(text, overdue)

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        table = message.table
        table.add_page(message.generation, message.offset,
                       [self._remember(row, table, message.warnings) for row in message.rows])

    def _remember(self, row: AgendaRow, table: PagedTable,
                  warnings: dict[int, list[DeclineWarning]] | None = None
                  ) -> tuple[object, tuple[Any, ...]]:
        self._rows[row.id] = row
        if isinstance(table, TodayList):
            return table.cells(row, self.today, (warnings or {}).get(row.account_id))
        assert isinstance(table, WeekAgenda)
        return table.cells(row, self.today)

    @on(PagedTable.PageWanted)
    def _page_wanted(self, message: PagedTable.PageWanted) -> None:
        span = None if isinstance(message.table, TodayList) else self._span()
        self._fetch_page(message.table, message.generation, message.offset, message.limit, span)

    @on(PagedTable.RowChosen)
    def _row_chosen(self, message: PagedTable.RowChosen) -> None:
        row = self._rows.get(int(str(message.key)))
        if row is not None:
            self._open_card(row.account_id)

    @on(MonthGrid.Moved)
    def _grid_moved(self, message: MonthGrid.Moved) -> None:
        month_changed = (message.day.year, message.day.month) != (self.cursor.year,
                                                                   self.cursor.month)
        self.cursor = message.day
        if self.view != "month":
            return
        self._update_legend()
        if month_changed:
            self._title_month()
            self._fetch_month(self.cursor.year, self.cursor.month, self._order.next())

    @on(MonthGrid.DayChosen)
    def _day_chosen(self, message: MonthGrid.DayChosen) -> None:
        self.cursor = message.day
        self.action_view("day")

    @on(Generated)
    def _generated(self, message: Generated) -> None:
        if message.created:
            self.notify(self.t("calendar.generated", count=message.created))
        self._reload()

    @on(Acted)
    def _acted(self, message: Acted) -> None:
        self.notify(message.text, severity="warning" if message.changed else "information",
                    markup=False)
        self._reload()

    @on(StartOnToday)
    def _start_on_today(self) -> None:
        if self.view == "month":
            self.action_view("today")

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, severity=message.severity, markup=False)  # type: ignore[arg-type]

    # --- moving around ---------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        """Switch between the month grid, the week or day agenda and the Today list."""
        if view not in VIEWS:
            return
        self.view = view
        if self._mounted:
            self._show()

    def action_go_today(self) -> None:
        """Put the cursor on today."""
        self.cursor = self.today
        self._reload()

    def action_page(self, step: int) -> None:
        """Go to the previous or next month, week or day."""
        if self.view == "month":
            self.cursor = add_months(self.cursor, step)
        elif self.view == "week":
            self.cursor += timedelta(days=7 * step)
        elif self.view == "day":
            self.cursor += timedelta(days=step)
        else:
            return
        self._reload()

    def action_back(self) -> None:
        """Leave a day or a list for the month grid."""
        if self.view != "month":
            self.action_view("month")

    def action_refresh_data(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Reload what is shown (after an undo elsewhere, for instance)."""
        self._reload()

    def _open_card(self, account_id: int) -> None:
        self.app.open_record("account", account_id)  # type: ignore[attr-defined]

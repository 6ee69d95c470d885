"""The revisit calendar (回访日历): month grid, week and day agendas, and the Today list."""

from __future__ import annotations

import calendar as cal
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static

from kam_tui.areas.calendar.rules import cadence
from kam_tui.areas.calendar.service import (
    AgendaRow,
    CalendarService,
    MonthView,
    RevisitChanged,
)
from kam_tui.areas.calendar.ui.month_grid import WEEKDAYS, MonthGrid
from kam_tui.areas.calendar.ui.strings import KIND_LETTERS
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.areas.calendar.ui.week_agenda import WeekAgenda
from kam_tui.core.domain.dates import add_months
from kam_tui.core.domain.decline import DeclineWarning
from kam_tui.core.domain.text import one_line
from kam_tui.core.domain.vocab import ActivityKind, RevisitStatus
from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.paged_table import PagedTable
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised

VIEWS = ("month", "week", "day", "today")
DEFAULT_EXPORT_PATH = "~/kam-revisits.ics"


class CalendarScreen(Localised, Screen):
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
        Binding("i", "export", "Export", id="calendar.export"),
        Binding("e", "edit", "Edit", show=False, id="calendar.edit"),
        Binding("c", "rule", "Rule", show=False, id="calendar.rule"),
        Binding("o", "toggle_open_on_today", "Open on Today", show=False,
                id="calendar.open_on_today"),
        Binding("escape", "back", "Back", show=False, id="calendar.back"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    @dataclass
    class MonthLoaded(Message):
        """A worker read a month's aggregates."""

        view: MonthView
        number: int

    @dataclass
    class AgendaLoaded(Message):
        """A worker counted a date range's revisits and read the first page."""

        start: date
        end: date
        count: int
        rows: list[AgendaRow]
        number: int

    @dataclass
    class TodayLoaded(Message):
        """A worker read the Today list's size and first page, with decline warnings."""

        count: int
        overdue: int
        rows: list[AgendaRow]
        warnings: dict[int, list[DeclineWarning]]
        number: int

    @dataclass
    class PageLoaded(Message):
        """A worker read one more page of a list."""

        table: PagedTable
        generation: int
        offset: int
        rows: list[AgendaRow]
        warnings: dict[int, list[DeclineWarning]]

    @dataclass
    class Generated(Message):
        """A worker ran the cadence rules."""

        created: int
        superseded: int

    @dataclass
    class Acted(Message):
        """A worker moved or skipped a revisit (or found it changed elsewhere)."""

        text: str
        changed: bool = False
        account_id: int | None = None

    @dataclass
    class Notice(Message):
        """A worker has something to tell the rep."""

        text: str
        severity: str = "information"

    class StartOnToday(Message):
        """The rep asked to open on the Today list."""

    @dataclass
    class RuleFound(Message):
        """A worker looked up the account's setting row for a rule."""

        account_id: int
        rule: str
        rule_id: int | None

    def __init__(self) -> None:
        super().__init__()
        self.view = "month"
        self.cursor = date.today()
        self._service: CalendarService | None = None
        self._rows: dict[int, AgendaRow] = {}
        self._month: MonthView | None = None
        self._agenda_range: tuple[date, date] | None = None
        self._mounted = False
        self._order = LoadOrder()  # one for the month, agenda and Today reads: one is on screen

    @property
    def service(self) -> CalendarService:
        """Return the calendar service, made on first use from the app's database and clock."""
        if self._service is None:
            self._service = CalendarService(self.app.db, self.app.today)  # type: ignore[attr-defined]
        return self._service

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
        with ContentSwitcher(initial="cal-month", id="cal-views"):
            yield MonthGrid(today=self.today, lang=lang, id="cal-month")
            yield WeekAgenda(lang=lang, id="cal-week")
            yield TodayList(lang=lang, id="cal-today")
        yield Static("", id="cal-legend")
        yield Footer()

    def on_mount(self) -> None:
        localise_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        localise_bindings(self.query_one(MonthGrid), self.app.lang)  # type: ignore[attr-defined]
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

    # --- workers ---------------------------------------------------------------------------

    @db_work(exclusive=True, group="cal-generate")
    def _generate(self) -> None:
        try:
            result = self.service.generate()
        except Exception as error:  # noqa: BLE001 - an uncaught worker error would end the app
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.Generated(result.created, result.superseded))

    @db_work(group="cal-setting")
    def _read_start_view(self) -> None:
        try:
            if self.service.open_on_today():
                self.post_message(self.StartOnToday())
        except Exception:  # noqa: BLE001 - the month view is a fine default
            return

    @db_work(exclusive=True, group="cal-month")
    def _fetch_month(self, year: int, month: int, number: int) -> None:
        try:
            view = self.service.month(year, month, self.app.lang)  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.MonthLoaded(view, number))

    @db_work(exclusive=True, group="cal-agenda")
    def _fetch_agenda(self, start: date, end: date, number: int) -> None:
        try:
            count, rows = self.service.agenda(start, end)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.AgendaLoaded(start, end, count, rows, number))

    @db_work(exclusive=True, group="cal-today")
    def _fetch_today(self, number: int) -> None:
        try:
            count, overdue, rows = self.service.today_list()
            warnings = self.service.warnings(row.account_id for row in rows)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.TodayLoaded(count, overdue, rows, warnings, number))

    @db_work(group="cal-pages")
    def _fetch_page(self, table: PagedTable, generation: int, offset: int, limit: int,
                    span: tuple[date, date] | None) -> None:
        try:
            if span is None:
                rows = self.service.today_page(offset, limit)
                warnings = self.service.warnings(row.account_id for row in rows)
            else:
                rows = self.service.agenda_page(span[0], span[1], offset, limit)
                warnings = {}
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.PageLoaded(table, generation, offset, rows, warnings))

    @db_work(group="cal-act")
    def _reschedule(self, row: AgendaRow, day: date) -> None:
        try:
            self.service.reschedule(row.id, row.version, day)
        except RevisitChanged:
            self.post_message(self.Acted(self.t("calendar.changed"), changed=True))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.Acted(self.t("calendar.rescheduled", day=day.isoformat())))

    @db_work(group="cal-act")
    def _skip(self, row: AgendaRow, reason: str) -> None:
        name = one_line(row.account_short or row.account_name, 60)
        try:
            self.service.skip(row.id, row.version, reason)
        except RevisitChanged:
            self.post_message(self.Acted(self.t("calendar.changed"), changed=True))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.Acted(self.t("calendar.skipped", name=name)))

    @db_work(group="cal-export")
    def _export(self, path: str) -> None:
        try:
            count = self.service.export_ics(path, self.app.lang)  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - a bad path is the rep's to fix
            self.post_message(self.Notice(
                self.t("calendar.export_failed", path=path, error=error), "error"))
            return
        self.post_message(self.Notice(self.t("calendar.exported", count=count, path=path)))

    @db_work(group="cal-setting")
    def _toggle_open_on_today(self) -> None:
        try:
            value = not self.service.open_on_today()
            self.service.set_open_on_today(value)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.Notice(self.t(
            "calendar.open_on_today_on" if value else "calendar.open_on_today_off")))

    @db_work(group="cal-rule")
    def _find_rule(self, account_id: int, rule: str) -> None:
        try:
            rule_id = self.service.rule_row(account_id, rule)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Notice(self.t("error.db", error=error), "error"))
            return
        self.post_message(self.RuleFound(account_id, rule, rule_id))

    @db_work(group="cal-generate-one")
    def _generate_for(self, account_id: int) -> None:
        try:
            self.service.generate([account_id])
        except Exception:  # noqa: BLE001 - the next full run catches up
            pass
        self.post_message(self.Generated(0, 0))

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

    def _month_name(self, year: int, month: int) -> str:
        if self.app.lang == "zh":  # type: ignore[attr-defined]
            return f"{year}年{month}月"
        return f"{cal.month_name[month]} {year}"

    def _day_name(self, day: date) -> str:
        weekday = WEEKDAYS.get(self.app.lang, WEEKDAYS["en"])[day.weekday()]  # type: ignore[attr-defined]
        return f"{weekday} {day.isoformat()}"

    def _title(self, text: str, overdue: int | None) -> None:
        title = Text(" " + text, style="bold")
        if overdue:
            title.append("   ")
            title.append(self.t("calendar.overdue", count=overdue), style="bold red")
        elif overdue == 0:
            title.append("   " + self.t("calendar.none_overdue"), style="dim")
        self.query_one("#cal-title", Static).update(title)

    def _title_month(self) -> None:
        view = self._month
        name = self._month_name(self.cursor.year, self.cursor.month)
        if view is None or (view.year, view.month) != (self.cursor.year, self.cursor.month):
            self._title(f"{name} · {self.t('calendar.loading')}", None)
            return
        self._title(self.t("calendar.title_month", month=name, planned=view.planned),
                    view.overdue)

    def _update_legend(self) -> None:
        key = "calendar.legend" if self.view == "month" else "calendar.legend_list"
        text = Text(" ")
        if self.view == "month":
            text.append(self._day_name(self.cursor), style="bold")
            text.append(" · ")
        text.append(self.t(key), style="dim")
        self.query_one("#cal-legend", Static).update(text)

    # --- messages --------------------------------------------------------------------------

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
        table.reset(message.count, [self._remember(row, table) for row in message.rows],
                    keep_cursor=same)
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
        table.reset(message.count, [self._remember(row, table, message.warnings)
                                    for row in message.rows], keep_cursor=True)
        self._title(self.t("calendar.title_today", day=self._day_name(self.today),
                           count=message.count), message.overdue)

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

    @on(RuleFound)
    def _rule_found(self, message: RuleFound) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        def saved(rule_id: int | None) -> None:
            if rule_id is not None:
                self._generate_for(message.account_id)

        self.app.push_screen(RecordFormScreen(
            "revisit_rule", record_id=message.rule_id, parent_id=message.account_id,
            initial={"rule": message.rule, "enabled": True}), saved)

    # --- actions ---------------------------------------------------------------------------

    def _current(self) -> AgendaRow | None:
        if self.view in ("week", "day"):
            key = self.query_one(WeekAgenda).cursor_key
        elif self.view == "today":
            key = self.query_one(TodayList).cursor_key
        else:
            return None
        return self._rows.get(int(str(key))) if key is not None else None

    def _planned(self) -> AgendaRow | None:
        """Return the highlighted revisit if it can still be acted on, telling the rep if not."""
        row = self._current()
        if row is None:
            self.notify(self.t("calendar.pick_row"), severity="warning")
            if self.view == "month":
                self.action_view("day")
            return None
        if row.status != RevisitStatus.PLANNED.value:
            status = RevisitStatus.label_of(row.status, self.app.lang)  # type: ignore[attr-defined]
            self.notify(self.t("calendar.not_planned", status=status), severity="warning")
            return None
        return row

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

    def action_done(self) -> None:
        """Complete the highlighted revisit in one form."""
        from kam_tui.areas.calendar.ui.dialogs.complete_revisit_screen import (
            Completed,
            CompleteRevisitScreen,
        )

        row = self._planned()
        if row is None:
            return

        def finished(result: Completed | None) -> None:
            if result is None:
                self._reload()
                return
            text = self.t("calendar.completed",
                          name=one_line(row.account_short or row.account_name, 60))
            if result.next_revisit_id is not None:
                text += " · " + self.t("calendar.next_planned", day=result.next_day)
            self.notify(text, markup=False)
            self._reload()

        self.app.push_screen(CompleteRevisitScreen(self.service, row), finished)

    def action_reschedule(self) -> None:
        """Move the highlighted revisit by a day, a week, or to a typed date."""
        from kam_tui.areas.calendar.ui.dialogs.reschedule_dialog import RescheduleDialog

        row = self._planned()
        if row is None:
            return

        def picked(day: date | None) -> None:
            if day is not None:
                self._reschedule(row, day)

        name = one_line(row.account_short or row.account_name, 60)
        self.app.push_screen(RescheduleDialog(name, row.due_on, self.today), picked)

    def action_skip(self) -> None:
        """Skip the highlighted revisit, with a reason."""
        from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog

        row = self._planned()
        if row is None:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self._skip(row, reason)

        name = one_line(row.account_short or row.account_name, 60)
        self.app.push_screen(SkipDialog(
            self.t("calendar.skip_title", name=name), self.t("calendar.skip_reason"),
            placeholder=self.t("calendar.skip_reason_placeholder"), ok=self.t("calendar.skip"),
            required=self.t("calendar.skip_reason")), answered)

    def action_new(self) -> None:
        """Plan a revisit by hand: for the highlighted revisit's account, or a picked one."""
        from kam_tui.areas.customers.ui.picker import AccountPickDialog

        row = self._current()
        if row is not None:
            due = self.cursor if self.view in ("day", "week") else max(self.today, row.due_on)
            self._plan(row.account_id, due)
            return
        # No revisit to start from (the month grid, an empty day): the rep names the account.
        # The grid's own cursor: its Moved message may still be queued behind this key.
        cursor = self.query_one(MonthGrid).cursor if self.view == "month" else self.cursor
        due = self.today if self.view == "today" else max(self.today, cursor)

        def picked(account_id: int | None) -> None:
            if account_id is not None:
                self._plan(account_id, due)

        self.app.push_screen(AccountPickDialog(
            self.t("calendar.new_for", day=self._day_name(due))), picked)

    def _plan(self, account_id: int, due: date) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        self.app.push_screen(RecordFormScreen(
            "revisit", parent_id=account_id, account_id=account_id,
            initial={"due_on": due.isoformat(), "kind": "visit"}), lambda _: self._reload())

    def action_edit(self) -> None:
        """Edit the highlighted revisit's date, kind, person or note."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        row = self._current()
        if row is None:
            self.notify(self.t("calendar.pick_row"), severity="warning")
            return
        self.app.push_screen(RecordFormScreen("revisit", record_id=row.id,
                                              parent_id=row.account_id,
                                              account_id=row.account_id),
                             lambda _: self._reload())

    def action_rule(self) -> None:
        """Edit the cadence rule that planned the highlighted revisit, for its account."""
        row = self._current()
        if row is None:
            self.notify(self.t("calendar.pick_row"), severity="warning")
            return
        rule = row.rule if row.rule in cadence.GENERATED_RULES else "card_review"
        self._find_rule(row.account_id, rule)

    def action_export(self) -> None:
        """Write the coming revisits to an .ics file at a path the rep confirms."""
        from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog

        def answered(path: str | None) -> None:
            if path:
                self._export(path)

        self.app.push_screen(SkipDialog(
            self.t("calendar.export_title"), self.t("calendar.export_q"),
            value=DEFAULT_EXPORT_PATH, ok=self.t("calendar.export_do"),
            required=self.t("calendar.path_needed"), max_chars=4096), answered)

    def action_toggle_open_on_today(self) -> None:
        """Turn opening kam-tui on the Today list on or off."""
        self._toggle_open_on_today()

    def _open_card(self, account_id: int) -> None:
        self.app.open_record("account", account_id)  # type: ignore[attr-defined]

    def help_notes(self) -> list[str]:
        """Explain the month grid's letters and marks, for `?` help."""
        lang = self.app.lang  # type: ignore[attr-defined]
        index = 1 if lang == "zh" else 0
        letters = " · ".join(f"{pair[index]} {ActivityKind.label_of(kind, lang)}"
                             for kind, pair in KIND_LETTERS.items())
        return [letters, self.t("calendar.legend"), self.t("calendar.legend_list")]

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.t
        for key, binding_key, action in (
            ("calendar.view_month", "m", lambda: self.action_view("month")),
            ("calendar.view_week", "w", lambda: self.action_view("week")),
            ("calendar.view_today", "a", lambda: self.action_view("today")),
            ("calendar.go_today", "t", self.action_go_today),
            ("calendar.prev", "[", lambda: self.action_page(-1)),
            ("calendar.next", "]", lambda: self.action_page(1)),
            ("calendar.done", "x", self.action_done),
            ("calendar.reschedule", "r", self.action_reschedule),
            ("calendar.skip", "s", self.action_skip),
            ("calendar.new", "n", self.action_new),
            ("calendar.edit", "e", self.action_edit),
            ("calendar.rule", "c", self.action_rule),
            ("calendar.export", "i", self.action_export),
            ("calendar.open_on_today", "o", self.action_toggle_open_on_today),
        ):
            yield SystemCommand(t(key), binding_key, action)

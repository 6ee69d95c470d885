"""The calendar screen's database work: each worker reads or writes and posts what it found.

An error a worker does not expect goes to the app's one handler, which tells the rep;
`worker_failed` puts the screen back in a usable state first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual.message import Message

from kam_tui.areas.calendar.service import AgendaRow, CalendarService, RevisitChanged
from kam_tui.areas.calendar.ui.calendar_messages import (
    Acted,
    AgendaLoaded,
    Batched,
    Generated,
    MarksFound,
    MonthLoaded,
    Notice,
    PageLoaded,
    RuleFound,
    StartOnToday,
    TodayLoaded,
)
from kam_tui.core.domain.text import one_line
from kam_tui.core.files import TargetExists, WriteRefused
from kam_tui.ui.kit.paged_table import PagedTable
from kam_tui.ui.kit.workers import db_work

if TYPE_CHECKING:
    from kam_tui.areas.calendar.ui.dialogs.export_dialog import ExportChoice

LOADS = ("_fetch_month", "_fetch_agenda", "_fetch_today")


class CalendarWorkers:
    """Workers of the calendar screen, mixed into it."""

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    service: CalendarService
    lang: str
    t: Callable[..., str]
    post_message: Callable[[Message], bool]
    _title: Callable[[str, int | None], None]
    _reload: Callable[[], None]
    _ask_overwrite: Callable[[str], None]
    _pending_export: ExportChoice | None
    notify: Callable[..., None]

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """Put the screen back after a failed read; say why an export was refused or asked."""
        if name in LOADS:
            self._title(self.t("calendar.load_failed"), None)
        elif name == "_fetch_page":
            self._reload()  # the list asked for that page once; a fresh first page asks again
        elif name == "_export":
            return self._export_failed(error)
        return False

    @db_work(exclusive=True, group="cal-generate")
    def _generate(self) -> None:
        result = self.service.generate()
        self.post_message(Generated(result.created, result.superseded))

    @db_work(group="cal-setting")
    def _read_start_view(self) -> None:
        if self.service.open_on_today():
            self.post_message(StartOnToday())

    @db_work(exclusive=True, group="cal-month")
    def _fetch_month(self, year: int, month: int, number: int) -> None:
        self.post_message(MonthLoaded(self.service.month(year, month, self.lang), number))

    @db_work(exclusive=True, group="cal-agenda")
    def _fetch_agenda(self, start: date, end: date, number: int) -> None:
        count, rows = self.service.agenda(start, end)
        notes = self.service.day_notes(start, end, self.lang)
        self.post_message(AgendaLoaded(start, end, count, rows, number, notes))

    @db_work(exclusive=True, group="cal-today")
    def _fetch_today(self, number: int) -> None:
        count, overdue, rows = self.service.today_list()
        warnings = self.service.warnings(row.account_id for row in rows)
        self.post_message(TodayLoaded(count, overdue, rows, warnings, number))

    @db_work(group="cal-pages")
    def _fetch_page(self, table: PagedTable, generation: int, offset: int, limit: int,
                    span: tuple[date, date] | None) -> None:
        if span is None:
            rows = self.service.today_page(offset, limit)
            warnings = self.service.warnings(row.account_id for row in rows)
        else:
            rows = self.service.agenda_page(span[0], span[1], offset, limit)
            warnings = {}
        self.post_message(PageLoaded(table, generation, offset, rows, warnings))

    @db_work(group="cal-act")
    def _reschedule(self, row: AgendaRow, day: date) -> None:
        try:
            self.service.reschedule(row.id, row.version, day)
        except RevisitChanged:
            self.post_message(Acted(self.t("calendar.changed"), changed=True))
            return
        self.post_message(Acted(self.t("calendar.rescheduled", day=day.isoformat())))

    @db_work(group="cal-act")
    def _skip(self, row: AgendaRow, reason: str) -> None:
        name = one_line(row.account_short or row.account_name, 60)
        try:
            self.service.skip(row.id, row.version, reason)
        except RevisitChanged:
            self.post_message(Acted(self.t("calendar.changed"), changed=True))
            return
        self.post_message(Acted(self.t("calendar.skipped", name=name)))

    @db_work(group="cal-act")
    def _act_many(self, action: str, marks: dict[int, int], value: object, name: str) -> None:
        """Review, skip or move several revisits in one transaction; `name` names a single one."""
        try:
            if action == "review":
                batch = self.service.review_many(marks)
            elif action == "skip":
                batch = self.service.skip_many(marks, str(value))
            else:
                assert isinstance(value, date)
                batch = self.service.reschedule_many(marks, value)
        except RevisitChanged:
            self.post_message(Acted(self.t("calendar.changed"), changed=True))
            return
        count = batch.count
        if action == "review":
            text = (self.t("calendar.reviewed", name=name) if name
                    else self.t("calendar.batch_reviewed", count=count))
        elif action == "skip":
            text = self.t("calendar.batch_skipped", count=count)
        else:
            text = self.t("calendar.batch_moved", count=count, day=str(value))
        undo_name = name or self.t("calendar.batch_name", count=count)
        self.post_message(Batched(text + " · " + self.t("calendar.batch_undo"), batch,
                                  undo_name))

    @db_work(group="cal-marks")
    def _mark_all(self) -> None:
        self.post_message(MarksFound(self.service.today_planned()))

    @db_work(group="cal-export")
    def _export(self, path: str, include_personal: bool, overwrite: bool) -> None:
        # A refusal or a bad path raises: worker_failed says why in the rep's words.
        done = self.service.export_ics(path, self.lang, include_personal=include_personal,
                                       overwrite=overwrite)
        text = self.t("calendar.exported", count=int(done), path=path)
        if done.skipped:
            text += " · " + self.t("calendar.export_skipped", count=done.skipped)
        if done.personal:
            text += " · " + self.t("calendar.export_personal_left", count=done.personal)
        self.post_message(Notice(text, "warning" if done.skipped else "information"))

    def _export_failed(self, error: BaseException) -> bool:
        if isinstance(error, TargetExists):
            self._ask_overwrite(str(error.path))
        elif isinstance(error, WriteRefused):
            self.notify(error.message(self.lang), severity="error", timeout=10, markup=False)
        elif isinstance(error, OSError):  # a path the rep can fix: say which, and why
            # The rep's own words, not the temporary file's name beside it.
            path = self._pending_export.path if self._pending_export else error.filename
            self.notify(self.t("calendar.export_failed", path=path,
                               error=error.strerror or error),
                        severity="error", timeout=10, markup=False)
        else:
            return False  # the database's trouble: the app's one message says it
        return True

    @db_work(group="cal-setting")
    def _toggle_open_on_today(self) -> None:
        value = not self.service.open_on_today()
        self.service.set_open_on_today(value)
        self.post_message(Notice(self.t(
            "calendar.open_on_today_on" if value else "calendar.open_on_today_off")))

    @db_work(exclusive=True, group="cal-generate")
    def _toggle_working_days(self) -> None:
        value = not self.service.working_days_only()
        self.service.set_working_days_only(value)
        result = self.service.generate()  # the coming revisits the rules planned follow
        self.post_message(Notice(self.t(
            "calendar.working_days_on" if value else "calendar.working_days_off")))
        self.post_message(Generated(result.created, result.superseded))

    @db_work(group="cal-rule")
    def _find_rule(self, account_id: int, rule: str) -> None:
        self.post_message(RuleFound(account_id, rule, self.service.rule_row(account_id, rule)))

    @db_work(group="cal-generate-one")
    def _generate_for(self, account_id: int) -> None:
        try:
            self.service.generate([account_id])
        finally:
            self.post_message(Generated(0, 0))  # show the rule's revisits, or what there is

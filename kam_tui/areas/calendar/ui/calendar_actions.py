"""The calendar screen's actions on revisits: complete, move, skip, plan, edit, rule, export."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from kam_tui.areas.calendar.rules import cadence
from kam_tui.areas.calendar.service import AgendaRow, CalendarService
from kam_tui.areas.calendar.ui.calendar_messages import (
    Batched,
    MarksFound,
    RuleFound,
)
from kam_tui.areas.calendar.ui.month_grid import MonthGrid
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.areas.calendar.ui.week_agenda import WeekAgenda
from kam_tui.core.domain.text import one_line
from kam_tui.core.domain.vocab import RevisitStatus

if TYPE_CHECKING:
    from kam_tui.areas.calendar.ui.dialogs.export_dialog import ExportChoice

DEFAULT_EXPORT_PATH = "~/kam-revisits.ics"


class RevisitActions:
    """What the rep does to the highlighted revisit (or a day), mixed into the calendar screen."""

    _pending_export: ExportChoice | None = None  # asked again if its file is already there

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    view: str
    cursor: date
    today: date
    lang: str
    service: CalendarService
    app: Any
    _rows: dict[int, AgendaRow]
    t: Callable[..., str]
    notify: Callable[..., None]
    query_one: Callable[..., Any]
    action_view: Callable[[str], None]
    _reload: Callable[[], None]
    _day_name: Callable[[date], str]
    _reschedule: Callable[[AgendaRow, date], None]
    _act_many: Callable[[str, dict[int, int], object, str], None]
    _mark_all: Callable[[], None]
    _title_today: Callable[[], None]
    _skip: Callable[[AgendaRow, str], None]
    _export: Callable[[str, bool, bool], None]
    _find_rule: Callable[[int, str], None]
    _generate_for: Callable[[int], None]
    _toggle_open_on_today: Callable[[], None]
    _toggle_working_days: Callable[[], None]

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
            status = RevisitStatus.label_of(row.status, self.lang)
            self.notify(self.t("calendar.not_planned", status=status), severity="warning")
            return None
        return row

    # --- marks: done, skip and reschedule act on every marked row of the Today list ---------

    def _marks(self) -> dict[int, tuple[int, str]]:
        """Return the Today list's marks (id → (version, rule)); none in the other views."""
        return dict(self.query_one(TodayList).marks) if self.view == "today" else {}

    def action_mark(self) -> None:
        """Mark or unmark the highlighted revisit of the Today list, then go to the next row."""
        row = self._planned()
        if row is None or self.view != "today":
            return
        table = self.query_one(TodayList)
        table.toggle_mark(row)
        table.action_cursor(1)
        self._title_today()

    def action_mark_all(self) -> None:
        """Unmark every row if some are marked, else mark every planned row of the Today list."""
        if self.view != "today":
            return
        table = self.query_one(TodayList)
        if table.marks:
            table.set_marks({})
            self._title_today()
        else:
            self._mark_all()

    def on_calendar_screen_marks_found(self, message: MarksFound) -> None:
        self.query_one(TodayList).set_marks(message.marks)
        self._title_today()

    def _unmark(self, ids: Iterable[int]) -> None:
        table = self.query_one(TodayList)
        gone = set(ids)
        table.set_marks({key: mark for key, mark in table.marks.items() if key not in gone})
        self._title_today()

    def on_calendar_screen_batched(self, message: Batched) -> None:
        """A batch was saved: say so, keep it for u, unmark what it did and reload."""
        batch = message.batch
        self.notify(message.text, markup=False)
        if batch.before:
            self.app.remember_undo("revisit", batch.before[0].id, message.name,
                                   functools.partial(self.service.undo, batch))
        self._unmark(row.id for row in batch.before)
        self._reload()

    # --- done, reschedule, skip --------------------------------------------------------------

    def action_done(self) -> None:
        """Complete the highlighted (or every marked) revisit: a card review is marked reviewed
        at once; a revisit with the customer is logged in one form each."""
        marks = self._marks()
        if marks:
            reviews = {key: version for key, (version, rule) in marks.items()
                       if not cadence.logs_contact(rule)}
            contacts = [key for key, (_version, rule) in marks.items()
                        if cadence.logs_contact(rule)]
            if reviews:
                self._act_many("review", reviews, None, "")
            if contacts:
                self._complete_marked(contacts)
            return
        row = self._planned()
        if row is None:
            return
        if not cadence.logs_contact(row.rule):
            self._act_many("review", {row.id: row.version}, None,
                           one_line(row.account_short or row.account_name, 60))
            return
        self._complete(row, [])

    def _complete(self, row: AgendaRow, rest: list[int]) -> None:
        """Open the completion form of one revisit; once saved, the next marked one's."""
        from kam_tui.areas.calendar.ui.dialogs.complete_revisit_screen import (
            Completed,
            CompleteRevisitScreen,
        )

        def finished(result: Completed | None) -> None:
            if result is None:  # the rep stopped: the rest stay marked
                self._reload()
                return
            text = self.t("calendar.completed",
                          name=one_line(row.account_short or row.account_name, 60))
            if result.next_revisit_id is not None:
                text += " · " + self.t("calendar.next_planned", day=result.next_day)
            self.notify(text, markup=False)
            if self.view == "today":
                self._unmark([row.id])
            if rest:
                self._complete_marked(rest)
            else:
                self._reload()

        self.app.push_screen(CompleteRevisitScreen(self.service, row), finished)

    def _complete_marked(self, ids: list[int]) -> None:
        """Open the form of the first of these marked revisits that the list has loaded.

        Marked rows further down than the loaded pages (a mark-all of a long list) stay marked:
        the rep is told to log them from their rows.
        """
        shown = [key for key in ids if key in self._rows]
        if len(shown) < len(ids):
            self.notify(self.t("calendar.log_further", count=len(ids) - len(shown)),
                        severity="warning")
        if shown:
            self._complete(self._rows[shown[0]], shown[1:])

    def _batch_name(self, count: int) -> str:
        return self.t("calendar.batch_name", count=count)

    def action_reschedule(self) -> None:
        """Move the highlighted (or every marked) revisit by a day, a week, or to a typed date."""
        from kam_tui.areas.calendar.ui.dialogs.reschedule_dialog import RescheduleDialog

        marks = self._marks()
        if marks:
            known = [self._rows[key].due_on for key in marks if key in self._rows]
            due = min(known, default=self.today)

            def moved(day: date | None) -> None:
                if day is not None:
                    self._act_many("reschedule", {key: version for key, (version, _rule)
                                                  in marks.items()}, day, "")

            self.app.push_screen(RescheduleDialog(self._batch_name(len(marks)), due, self.today),
                                 moved)
            return
        row = self._planned()
        if row is None:
            return

        def picked(day: date | None) -> None:
            if day is not None:
                self._reschedule(row, day)

        name = one_line(row.account_short or row.account_name, 60)
        self.app.push_screen(RescheduleDialog(name, row.due_on, self.today), picked)

    def action_skip(self) -> None:
        """Skip the highlighted (or every marked) revisit, with one reason."""
        from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog

        marks = self._marks()
        row = None
        if not marks:
            row = self._planned()
            if row is None:
                return

        def answered(reason: str | None) -> None:
            if not reason:
                return
            if row is None:
                self._act_many("skip", {key: version for key, (version, _rule)
                                        in marks.items()}, reason, "")
            else:
                self._skip(row, reason)

        name = (self._batch_name(len(marks)) if row is None
                else one_line(row.account_short or row.account_name, 60))
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
        from kam_tui.areas.calendar.ui.dialogs.export_dialog import ExportDialog

        def answered(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._pending_export = choice
                self._export(choice.path, choice.include_personal, False)

        self.app.push_screen(ExportDialog(DEFAULT_EXPORT_PATH), answered)

    def _ask_overwrite(self, path: str) -> None:
        """The export's file is already there: replace it only if the rep says so."""
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        choice = self._pending_export
        if choice is None:
            return

        def answered(yes: bool) -> None:
            if yes:
                self._export(choice.path, choice.include_personal, True)

        self.app.push_screen(ConfirmDialog(
            self.t("calendar.export_exists", path=path), yes=self.t("calendar.export_replace"),
            no=self.t("calendar.export_keep")), answered)

    def action_toggle_open_on_today(self) -> None:
        """Turn opening kam-tui on the Today list on or off."""
        self._toggle_open_on_today()

    def action_toggle_working_days(self) -> None:
        """Turn planning revisits on working days only on or off; coming ones follow."""
        self._toggle_working_days()

    def on_calendar_screen_rule_found(self, message: RuleFound) -> None:
        """Open the rule's form; a saved rule plans its account's revisits at once."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        def saved(rule_id: int | None) -> None:
            if rule_id is not None:
                self._generate_for(message.account_id)

        self.app.push_screen(RecordFormScreen(
            "revisit_rule", record_id=message.rule_id, parent_id=message.account_id,
            initial={"rule": message.rule, "enabled": True}), saved)

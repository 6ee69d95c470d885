"""The calendar screen's actions on revisits: complete, move, skip, plan, edit, rule, export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from kam_tui.areas.calendar.rules import cadence
from kam_tui.areas.calendar.service import AgendaRow, CalendarService
from kam_tui.areas.calendar.ui.calendar_messages import RuleFound
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

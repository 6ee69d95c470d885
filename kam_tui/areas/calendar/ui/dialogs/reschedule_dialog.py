"""Move a revisit: to a typed date, or one day or one week on."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kam_tui.areas.calendar.ui.names import weekday
from kam_tui.core.domain.dates import DateParseError, parse_date
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class RescheduleDialog(Dialog[date | None]):
    """Pick the new date of a revisit; dismiss with it, or None on escape."""

    # The date box has the focus: the quick moves take keys it cannot type (a date is digits,
    # letters and signs), and that its own editing keys (ctrl+d, ctrl+w) leave alone.
    BINDINGS = [
        Binding("ctrl+n", "move(1)", "+1 day", id="calendar.plus_day_key", priority=True),
        Binding("ctrl+f", "move(7)", "+1 week", id="calendar.plus_week_key", priority=True),
        CANCEL,
    ]

    def __init__(self, name: str, due_on: date, today: date) -> None:
        super().__init__()
        self.record_name = name
        self.due_on = due_on
        self.today = today
        # An overdue revisit moves on from today, not from the day it was missed.
        self.base = max(due_on, today)

    def _label(self, key: str, days: int) -> str:
        return self.app.t(key, day=self._day(self.base + timedelta(days=days)))

    def _day(self, day: date) -> str:
        return f"{day.isoformat()} {weekday(day, self.app.lang)}"

    def compose(self) -> ComposeResult:
        t = self.app.t
        hint = t("calendar.date_hint")
        with Vertical(id="reschedule-dialog", classes="dialog"):
            yield Static(Text(t("calendar.reschedule_title", name=self.record_name)),
                         classes="dialog-title")
            yield Static(Text(t("calendar.type_date")), classes="dialog-message")
            yield CleanInput(placeholder=hint, id="reschedule-date")
            yield Static("", id="reschedule-preview", markup=False)
            yield Static(Text(t("calendar.or_quick")), classes="dialog-message")
            with Horizontal(classes="reschedule-quick"):
                yield Button(Text("^n  " + self._label("calendar.plus_day", 1)), id="plus-day")
                yield Button(Text("^f  " + self._label("calendar.plus_week", 7)),
                             id="plus-week")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(t("verb.cancel")), id="reschedule-cancel")
                yield Button(Text(t("calendar.move")), id="reschedule-ok", variant="primary")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#reschedule-date", Input).focus()

    def _parsed(self) -> date | None:
        text = self.query_one("#reschedule-date", Input).value
        try:
            return parse_date(text, self.today)
        except DateParseError:
            return None

    @on(Input.Changed, "#reschedule-date")
    def _preview(self, event: Input.Changed) -> None:
        preview = self.query_one("#reschedule-preview", Static)
        if not event.value.strip():
            preview.update("")
            return
        day = self._parsed()
        preview.update(Text(f"→ {self._day(day)}" if day else "✗ ?"))

    @on(Input.Submitted, "#reschedule-date")
    @on(Button.Pressed, "#reschedule-ok")
    def _picked(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        day = self._parsed()
        if day is None:
            self.query_one("#reschedule-preview", Static).update(
                Text("✗ " + self.app.t("calendar.date_hint")))
            self.query_one("#reschedule-date", Input).focus()
            return
        self.dismiss(day)

    @on(Button.Pressed, "#plus-day")
    def _plus_day(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_move(1)

    @on(Button.Pressed, "#plus-week")
    def _plus_week(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_move(7)

    @on(Button.Pressed, "#reschedule-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_move(self, days: int) -> None:
        """Dismiss with the date `days` after the base date."""
        self.dismiss(self.base + timedelta(days=days))


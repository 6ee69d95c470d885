"""Where to export the revisits as .ics, and whether contacts' birthdays go with them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from kam_tui.core.domain.text import normalise_input
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, SUBMIT, FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter

MAX_PATH_CHARS = 4096


@dataclass(frozen=True)
class ExportChoice:
    """The file the rep confirmed and whether personal dates go in."""

    path: str
    include_personal: bool = False


class ExportDialog(FormDialog[ExportChoice | None]):
    """Ask for the .ics path and about birthdays; dismiss with the choice, or None on escape."""

    BINDINGS = [
        SUBMIT,
        # A letter would be typed into the path: a control key toggles from anywhere.
        Binding("ctrl+t", "toggle_personal", "Birthdays", id="calendar.export_personal_key"),
        CANCEL,
    ]
    SUBMIT_BUTTON = "export-ok"

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(Text(self.t("calendar.export_title")), classes="dialog-title")
            yield Static(Text(self.t("calendar.export_q")), classes="dialog-message")
            yield CleanInput(self.path, id="export-path", max_length=MAX_PATH_CHARS)
            yield Static("", id="export-error", markup=False)
            # Off unless the rep ticks it: personal dates leave kam only when asked.
            yield Checkbox(Text(self.t("calendar.export_personal")), False, compact=True,
                           id="export-personal")
            yield Static(Text(self.t("calendar.export_personal_hint")), id="export-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="export-cancel")
                yield Button(Text(self.t("calendar.export_do")), id="export-ok",
                             variant="primary")
        yield FittingFooter()

    def describe(self, binding: Binding) -> str:
        """Name ctrl+s in the Footer as the button it presses: Export."""
        if binding.action == SUBMIT.action:
            return self.t("calendar.export_do")
        return super().describe(binding)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def action_toggle_personal(self) -> None:
        """Tick or untick "Include personal dates"."""
        self.query_one("#export-personal", Checkbox).toggle()

    def action_submit(self) -> None:
        path = normalise_input(self.query_one("#export-path", Input).value)
        if not path:
            error = self.query_one("#export-error", Static)
            error.update(Text("✗ " + self.t("calendar.path_needed")))
            error.add_class("-shown")
            self.query_one("#export-path", Input).focus()
            return
        self.dismiss(ExportChoice(path, self.query_one("#export-personal", Checkbox).value))

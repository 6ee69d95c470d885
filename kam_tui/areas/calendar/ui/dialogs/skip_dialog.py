"""Ask for one line of text: why a revisit is skipped (also reused to confirm the export path)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kam_tui.core.domain.text import normalise_input
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class SkipDialog(Dialog[str | None]):
    """A titled question with one required line; dismiss with the text, or None on escape."""

    BINDINGS = [CANCEL]


    def __init__(self, title: str, question: str, *, value: str = "", placeholder: str = "",
                 ok: str = "", required: str = "", max_chars: int = 500) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.ok = ok
        self.required = required
        self.max_chars = max_chars

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="skip-dialog", classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.question), classes="dialog-message")
            yield CleanInput(self.value, placeholder=self.placeholder, id="skip-input",
                        max_length=self.max_chars)
            yield Static("", id="skip-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(t("verb.cancel")), id="skip-cancel")
                yield Button(Text(self.ok or t("calendar.skip")), id="skip-ok", variant="primary")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#skip-input", Input).focus()

    @on(Input.Submitted, "#skip-input")
    @on(Button.Pressed, "#skip-ok")
    def _submit(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        text = normalise_input(self.query_one("#skip-input", Input).value)
        if not text:
            error = self.query_one("#skip-error", Static)
            error.update(Text("✗ " + (self.required or self.app.t("calendar.skip_reason"))))
            error.add_class("-shown")
            self.query_one("#skip-input", Input).focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#skip-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)


"""A yes-or-no question in a small modal dialog."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kam_tui.ui.i18n import translate
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class ConfirmDialog(Dialog[bool]):
    """Ask a question; dismiss with True for yes, False for no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n", "answer(False)", "No", id="dialog.no"),
        Binding("escape", "cancel", "No", show=False),
    ]
    CANCELLED = False

    def __init__(self, message: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        self.message = message
        self._yes = yes
        self._no = no

    def _t(self, key: str) -> str:
        return translate(key, getattr(self.app, "lang", "en"))

    def compose(self) -> ComposeResult:
        yes = self._yes or self._t("dialog.yes")
        no = self._no or self._t("dialog.no")
        with Vertical(id="confirm-dialog", classes="dialog"):
            # The question may quote a customer's name: never read it as markup.
            yield Static(Text(self.message), id="confirm-message", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(no), id="confirm-no", variant="primary")
                yield Button(Text(yes), id="confirm-yes", variant="error")
        yield FittingFooter()

    def describe(self, binding: Binding) -> str:
        """Name in the Footer the same answers as the buttons."""
        label = {"y": self._yes, "n": self._no}.get(binding.key)
        return label or super().describe(binding)

    def on_mount(self) -> None:
        # The safe answer has focus, so a stray enter never confirms.
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

"""The offer of an unsaved draft: restore it, discard it, or decide later."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class DraftDialog(Dialog[str]):
    """Say what the draft is and from when; dismiss with "restore", "discard" or "later"."""

    BINDINGS = [
        Binding("r", "choose('restore')", "Restore", id="draft.restore"),
        Binding("d", "choose('discard')", "Discard", id="draft.discard"),
        Binding("escape", "cancel", "Later", id="draft.later"),
    ]
    CANCELLED = "later"

    def __init__(self, kind_label: str, title: str, saved_at: float, today: datetime) -> None:
        super().__init__()
        self.kind_label = kind_label
        self.title = title
        self.saved_at = datetime.fromtimestamp(saved_at)
        self.now = today

    def _when(self) -> str:
        if self.saved_at.date() == self.now.date():
            return self.saved_at.strftime("%H:%M")
        return self.saved_at.strftime("%Y-%m-%d %H:%M")

    def compose(self) -> ComposeResult:
        name = one_line(self.title, 60) if self.title else self.t("draft.untitled")
        with Vertical(id="draft-dialog", classes="dialog"):
            yield Static(Text(self.t("draft.title")), classes="dialog-title")
            yield Static(Text(self.t("draft.body", kind=self.kind_label, name=name,
                                     time=self._when())),
                         id="draft-message", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("draft.restore")), id="draft-restore",
                             variant="primary")
                yield Button(Text(self.t("draft.discard")), id="draft-discard",
                             variant="error")
                yield Button(Text(self.t("draft.later")), id="draft-later")
        yield FittingFooter()

    def on_mount(self) -> None:
        # Getting the typing back is what a rep who lost the link wants; Enter does it.
        self.query_one("#draft-restore", Button).focus()

    def action_choose(self, choice: str) -> None:
        """Close the dialog with the rep's choice."""
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "draft-later").removeprefix("draft-"))

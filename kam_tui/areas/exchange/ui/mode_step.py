"""Step 5: what the import does with rows that match stored records, and with refused rows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, RadioButton, RadioSet, Static

from kam_tui.areas.exchange.service import ImportOptions, Mode
from kam_tui.ui.localised import Localised


class ModeStep(Localised, Vertical):
    """The three modes, the duplicates rule they imply, and the options of the engine."""

    def compose(self) -> ComposeResult:
        t = self.t
        with RadioSet(id="imp-mode"):
            for mode in Mode:
                yield RadioButton(t(f"imp.mode.{mode.value}"), value=mode is Mode.CREATE,
                                  id=f"imp-mode-{mode.value}")
        yield Static(t("imp.duplicates_note"), classes="imp-note")
        yield Checkbox(t("imp.skip_refused"), id="imp-skip")
        yield Checkbox(t("imp.restore_deleted"), id="imp-restore")
        yield Checkbox(t("imp.create_people"), id="imp-people")
        yield Static("", id="imp-checking", classes="imp-note")

    def chosen(self, options: ImportOptions) -> None:
        """Put the rep's choices into the options."""
        pressed = self.query_one("#imp-mode", RadioSet).pressed_button
        if pressed is not None and pressed.id:
            options.mode = Mode(pressed.id.removeprefix("imp-mode-"))
        options.skip_refused = self.query_one("#imp-skip", Checkbox).value
        options.restore_deleted = self.query_one("#imp-restore", Checkbox).value
        options.create_people = self.query_one("#imp-people", Checkbox).value

    def checking(self, text: str) -> None:
        """Say how far the dry run is."""
        self.query_one("#imp-checking", Static).update(text)

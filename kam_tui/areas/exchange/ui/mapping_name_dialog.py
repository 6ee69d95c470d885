"""Ask for the name a column mapping is saved under, or the saved one to use."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kam_tui.core.domain.text import normalise_input
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class MappingNameDialog(FormDialog[str | None]):
    """One line for a mapping's name; ctrl+s or Enter answers it, escape cancels."""

    def __init__(self, question: str, name: str = "") -> None:
        super().__init__()
        self.question = question
        self.initial = name

    def compose(self) -> ComposeResult:
        with Vertical(id="imp-name-dialog", classes="dialog"):
            yield Static(Text(self.question), classes="dialog-message")
            yield CleanInput(self.initial, placeholder=self.t("imp.mapping_name"),
                             id="imp-mapping-name")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(CleanInput).focus()

    def action_submit(self) -> None:
        name = normalise_input(self.query_one(CleanInput).value)
        if name:
            self.dismiss(name[:80])
        else:
            self.notify(self.t("imp.mapping_name_needed"), severity="warning")

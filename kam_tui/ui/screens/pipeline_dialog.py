"""What the pipeline area's dialogs share: centred, escape cancels, strings in the rep's language."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.localised import Localised

R = TypeVar("R")


class PipelineDialog(Localised, ModalScreen[R]):
    """A modal dialog of the pipeline area; dismisses with None on escape."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Save", id="verb.save"),
        Binding("escape", "cancel", "Cancel", id="verb.cancel"),
    ]


    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.refresh_bindings()

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    def action_submit(self) -> None:
        """Check and return the answer; each dialog says what that is."""
        raise NotImplementedError

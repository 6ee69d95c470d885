"""The one base of every modal: escape cancels, ctrl+s submits, keys in the rep's language."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from kam_tui.ui.localised import Localised

R = TypeVar("R")

# Each dialog lists the keys it offers, in the order its Footer shows them (an inherited
# binding would come first): CANCEL is escape, SUBMIT is ctrl+s.
CANCEL = Binding("escape", "cancel", "Cancel", id="verb.cancel")
SUBMIT = Binding("ctrl+s", "submit", "Save", id="verb.save")


class Dialog(Localised, ModalScreen[R]):
    """A modal dialog; escape dismisses it with CANCELLED (None unless a dialog says otherwise)."""

    CANCELLED: ClassVar[Any] = None


    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(self.CANCELLED)


class FormDialog(Dialog[R]):
    """A dialog that takes an answer: ctrl+s, Enter in a field or its submit button return it."""

    BINDINGS = [SUBMIT, CANCEL]
    SUBMIT_BUTTON: ClassVar[str] = ""  # the id of the button that submits; others cancel

    def action_submit(self) -> None:
        """Check and return the answer; each dialog says what that is."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        self.field_submitted(event.input)

    def field_submitted(self, field: Input) -> None:
        """Enter in a field submits (a dialog may walk down its fields first)."""
        self.action_submit()

    @on(Button.Pressed)
    def _button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.button_pressed(event.button.id or "")

    def button_pressed(self, button_id: str) -> None:
        """The submit button submits; any other cancels (a dialog may handle more first)."""
        if button_id == self.SUBMIT_BUTTON:
            self.action_submit()
        else:
            self.action_cancel()

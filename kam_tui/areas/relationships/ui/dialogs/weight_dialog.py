"""Type a person's weight in the decision, with the group's total shown as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from kam_tui.areas.relationships.rules.fields import DEAL_ROLE_FIELDS
from kam_tui.core.domain.fields import FieldError
from kam_tui.ui.forms.form_field import ERROR_MARK
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter

WEIGHT = next(spec for spec in DEAL_ROLE_FIELDS if spec.name == "weight")


class RelationshipWeightDialog(Dialog[int | None]):
    """Dismiss with the weight typed (0–100), or None when cancelled."""

    BINDINGS = [CANCEL]


    def __init__(self, title: str, weight: int, others: int) -> None:
        super().__init__()
        self.title_text = title
        self.weight = weight
        self.others = others  # what the rest of the buying group holds

    def compose(self) -> ComposeResult:
        with Vertical(id="rel-weight", classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield CleanInput(str(self.weight), id="rel-weight-input", compact=True)
            yield Static("", id="rel-weight-note", classes="dialog-help", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        editor = self.query_one(Input)
        editor.focus()
        editor.select_all()
        self._note(editor.value)

    def _parse(self, value: str) -> int:
        parsed = WEIGHT.parse(value, self.app.today())
        assert isinstance(parsed, int)
        return parsed

    def _note(self, value: str) -> None:
        note = self.query_one("#rel-weight-note", Static)
        try:
            weight = self._parse(value)
        except FieldError as error:
            note.update(Text(f"{ERROR_MARK} {error.message(self.app.lang)}"))
            return
        total = self.others + weight
        text = Text(self.app.t("relationships.weight_sum", others=self.others, total=total))
        if total > 100:
            text = Text(f"{ERROR_MARK} ") + text
        note.update(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._note(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            weight = self._parse(event.value)
        except FieldError:
            return  # the note under the field already says why
        if self.others + weight > 100 and weight > self.weight:
            self.app.bell()  # the note says the total is over 100%: DOMAIN §3 allows no more
            return
        self.dismiss(weight)


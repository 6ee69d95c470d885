"""What to do when a record was saved or deleted elsewhere since the rep opened it."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kam_tui.ui.i18n import translate
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class ConflictDialog(Dialog[str]):
    """Offer overwrite, reload or keep editing; dismiss with "overwrite", "reload" or "cancel".

    For a deleted record there is nothing to overwrite: "reload" then means closing the form.
    """

    BINDINGS = [
        Binding("o", "choose('overwrite')", "Overwrite theirs", id="verb.overwrite"),
        Binding("r", "choose('reload')", "Reload theirs", id="verb.reload"),
        Binding("escape", "cancel", "Keep editing", id="verb.keep_editing"),
    ]
    CANCELLED = "cancel"

    def __init__(self, kind_label: str, changed_labels: list[str], deleted: bool) -> None:
        super().__init__()
        self.kind_label = kind_label
        self.changed_labels = list(changed_labels)
        self.deleted = deleted

    def _t(self, key: str, **params: object) -> str:
        return translate(key, getattr(self.app, "lang", "en"), **params)

    def compose(self) -> ComposeResult:
        if self.deleted:
            body = self._t("conflict.deleted", kind=self.kind_label)
        else:
            body = self._t("conflict.body", kind=self.kind_label,
                           fields=self._t("sep.list").join(self.changed_labels) or "—")
        with Vertical(id="conflict-dialog", classes="dialog"):
            yield Static(Text(self._t("conflict.title")), classes="dialog-title")
            yield Static(Text(body), id="conflict-message", classes="dialog-message")
            if not self.deleted:
                yield Static(Text(self._t("conflict.help")), classes="dialog-help")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self._t("verb.keep_editing")), id="conflict-cancel",
                             variant="primary")
                if self.deleted:
                    yield Button(Text(self._t("verb.close_form")), id="conflict-reload")
                else:
                    yield Button(Text(self._t("verb.reload")), id="conflict-reload")
                    yield Button(Text(self._t("verb.overwrite")), id="conflict-overwrite",
                                 variant="warning")
        yield FittingFooter()

    def describe(self, binding: Binding) -> str:
        """For a deleted record, `r` closes the form."""
        if self.deleted and binding.key == "r":
            return self._t("verb.close_form")
        return super().describe(binding)

    def on_mount(self) -> None:
        # Both other choices throw someone's work away; keeping on editing is the safe default.
        self.query_one("#conflict-cancel", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("overwrite",) and self.deleted:
            return False
        return True

    def action_choose(self, choice: str) -> None:
        """Close the dialog with the rep's choice."""
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("conflict-"))

"""What was agreed on one item of the contract checklist, and whether the item is settled."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Static, TextArea

from kam_tui.areas.pipeline.rules import MAX_AGREED_CHARS
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.clean_text_area import CleanTextArea
from kam_tui.ui.kit.dialog import FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class AgreementDialog(FormDialog[tuple[str, bool]]):
    """Dismiss with (what was agreed, settled), or None when cancelled."""

    SUBMIT_BUTTON = "agreed-save"

    def __init__(self, item: str, agreed: str, settled: bool) -> None:
        super().__init__()
        self.item = item
        self.agreed = agreed
        self.settled = settled

    def compose(self) -> ComposeResult:
        with Vertical(id="agreed-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.agreed_title")), classes="dialog-title")
            yield Static(Text(one_line(self.item, 200), style="bold"), classes="dialog-message")
            yield Static(Text(self.t("pipeline.agreed_help")), classes="dialog-help")
            # Tab goes on to the box below: a rep tabs through a dialog, never types a tab.
            editor = CleanTextArea(self.agreed, id="agreed-text", soft_wrap=True,
                                   show_line_numbers=False, tab_behavior="focus")
            editor.cursor_blink = False  # a still screen for the snapshots and over SSH
            yield editor
            yield Static(id="agreed-error", classes="lost-error")
            yield Checkbox(self._settled_label(self.settled), self.settled, id="agreed-settled",
                           compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="agreed-cancel")
                yield Button(Text(self.t("verb.save")), id="agreed-save", variant="primary")
        yield FittingFooter()

    def _settled_label(self, settled: bool) -> Text:
        # The box looks alike ticked or not but for colour: the words say which it is.
        return Text(self.t("pipeline.agreed_settled_yes" if settled else "pipeline.agreed_settled_no"))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = self._settled_label(event.value)

    def on_mount(self) -> None:
        editor = self.query_one("#agreed-text", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_submit(self) -> None:
        text = self.query_one("#agreed-text", TextArea).text.strip()
        error = self.query_one("#agreed-error", Static)
        if len(text) > MAX_AGREED_CHARS:
            error.update(Text(self.t("pipeline.agreed_too_long", limit=f"{MAX_AGREED_CHARS:,}",
                                     count=f"{len(text):,}")))
            error.set_class(True, "-shown")
            return
        self.dismiss((text, self.query_one("#agreed-settled", Checkbox).value))

"""Set after how many days in each stage a deal counts as stalled."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain import vocab
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class PipelineStallDialog(FormDialog[dict[int, int]]):
    """Dismiss with the thresholds by stage once every one is a number of days, else None."""

    SUBMIT_BUTTON = "stall-save"

    def __init__(self, current: dict[int, int]) -> None:
        super().__init__()
        self.current = dict(current)

    def compose(self) -> ComposeResult:
        with Vertical(id="stall-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.stall_title")), classes="dialog-title")
            for stage in vocab.STAGES:
                with Horizontal(classes="stall-row"):
                    yield Static(Text(f"{stage.number} {stage.label(self.lang)}"),
                                 classes="stall-label")
                    yield CleanInput(str(self.current.get(stage.number, "")),
                                id=f"stall-{stage.number}", classes="stall-input",
                                restrict=r"[0-9]*", max_length=4)
                    yield Static(id=f"stall-{stage.number}-error", classes="stall-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("pipeline.defaults")), id="stall-defaults")
                yield Button(Text(self.t("verb.cancel")), id="stall-cancel")
                yield Button(Text(self.t("verb.save")), id="stall-save", variant="primary")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#stall-1", Input).focus()

    def action_submit(self) -> None:
        raw = {number: self.query_one(f"#stall-{number}", Input).value
               for number in rules.STAGE_NUMBERS}
        values, errors = rules.check_stall_days(raw)
        for number in rules.STAGE_NUMBERS:
            error = errors.get(number)
            self.query_one(f"#stall-{number}-error", Static).update(
                Text(error.message(self.lang) if error else ""))
        if errors:
            self.query_one(f"#stall-{min(errors)}", Input).focus()
            return
        self.dismiss(values)

    def button_pressed(self, button_id: str) -> None:
        """Defaults fills in the trade's thresholds; the others save or cancel."""
        if button_id == "stall-defaults":
            for number, days in rules.DEFAULT_STALL_DAYS.items():
                self.query_one(f"#stall-{number}", Input).value = str(days)
        else:
            super().button_pressed(button_id)

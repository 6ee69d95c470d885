"""Set after how many days in each stage, or without any contact, a deal counts as stalled."""

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


class PipelineStallDialog(FormDialog[tuple[dict[int, int], dict[int, int]]]):
    """Dismiss with (days in the stage, days without contact) by stage once every one is a
    number of days, else None."""

    SUBMIT_BUTTON = "stall-save"

    def __init__(self, current: dict[int, int], quiet: dict[int, int] | None = None) -> None:
        super().__init__()
        self.current = dict(current)
        self.quiet = dict(quiet or rules.DEFAULT_QUIET_DAYS)

    def compose(self) -> ComposeResult:
        with Vertical(id="stall-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.stall_title")), classes="dialog-title")
            with Horizontal(classes="stall-row"):
                yield Static("", classes="stall-label")
                yield Static(Text(self.t("pipeline.stall_in_stage")), classes="stall-head")
                yield Static(Text(self.t("pipeline.stall_quiet")), classes="stall-head")
            for stage in vocab.STAGES:
                with Horizontal(classes="stall-row"):
                    yield Static(Text(f"{stage.number} {stage.label(self.lang)}"),
                                 classes="stall-label")
                    yield CleanInput(str(self.current.get(stage.number, "")),
                                id=f"stall-{stage.number}", classes="stall-input",
                                restrict=r"[0-9]*", max_length=4)
                    yield CleanInput(str(self.quiet.get(stage.number, "")),
                                id=f"quiet-{stage.number}", classes="stall-input",
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
        found = []
        for prefix in ("stall", "quiet"):
            raw = {number: self.query_one(f"#{prefix}-{number}", Input).value
                   for number in rules.STAGE_NUMBERS}
            found.append(rules.check_stall_days(raw))
        (values, errors), (quiet, quiet_errors) = found
        for number in rules.STAGE_NUMBERS:
            error = errors.get(number) or quiet_errors.get(number)
            self.query_one(f"#stall-{number}-error", Static).update(
                Text(error.message(self.lang) if error else ""))
        if errors or quiet_errors:
            first = min([*errors, *quiet_errors])
            self.query_one(f"#{'stall' if first in errors else 'quiet'}-{first}", Input).focus()
            return
        self.dismiss((values, quiet))

    def button_pressed(self, button_id: str) -> None:
        """Defaults fills in the trade's thresholds; the others save or cancel."""
        if button_id == "stall-defaults":
            for number, days in rules.DEFAULT_STALL_DAYS.items():
                self.query_one(f"#stall-{number}", Input).value = str(days)
            for number, days in rules.DEFAULT_QUIET_DAYS.items():
                self.query_one(f"#quiet-{number}", Input).value = str(days)
        else:
            super().button_pressed(button_id)

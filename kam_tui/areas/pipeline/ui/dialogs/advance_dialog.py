"""Confirm a forward move: the exit event of each stage left behind, and any skipped stage."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class AdvanceDialog(FormDialog[str]):
    """Ask whether the stage's exit event happened; dismiss with the note, or None to cancel."""

    SUBMIT_BUTTON = "advance-yes"

    def __init__(self, title: str, account: str, from_stage: int, to_stage: int) -> None:
        super().__init__()
        self.deal_title = title
        self.account = account
        self.from_stage = from_stage
        self.to_stage = to_stage

    def compose(self) -> ComposeResult:
        lang = self.lang
        source = vocab.stage(self.from_stage)
        target = vocab.stage(self.to_stage)
        skipped = rules.skipped_stages(self.from_stage, self.to_stage)
        with Vertical(id="advance-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.advance_title", stage=target.label(lang))),
                         classes="dialog-title")
            yield Static(Text.assemble((one_line(self.account, 60), "bold"), " · ",
                                       one_line(self.deal_title, 120)), classes="dialog-message")
            yield Static(Text(f"{source.number} {source.label(lang)} → "
                              f"{target.number} {target.label(lang)}"), id="advance-path")
            yield Static(Text(self.t("pipeline.advance_q"), style="bold"), id="advance-question")
            for stage in rules.exit_events(self.from_stage, self.to_stage):
                yield Static(Text.assemble(f"• {stage.number} {stage.label(lang)}: ",
                                           (stage.exit_event(lang), "bold")),
                             classes="advance-event")
            if skipped:
                names = self.t("pipeline.list_sep").join(s.label(lang) for s in skipped)
                yield Static(Text(self.t("pipeline.skip_warning", stages=names)),
                             id="advance-skip")
            yield CleanInput(placeholder=self.t("pipeline.note"), id="advance-note", max_length=2000,
                        compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="advance-cancel")
                key = "pipeline.confirm_skip" if skipped else "pipeline.confirm_move"
                yield Button(Text(self.t(key)), id="advance-yes", variant="primary")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#advance-note", Input).focus()

    def action_submit(self) -> None:
        self.dismiss(self.query_one("#advance-note", Input).value)


"""Give one deal its own win rate, with the reason it differs from the stage's standard."""

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


class PipelineWinRateDialog(FormDialog[tuple[int | None, str]]):
    """Dismiss with (rate or None for the standard, reason), or None to cancel."""

    SUBMIT_BUTTON = "wr-save"

    def __init__(self, stage: int, rate: int | None, reason: str) -> None:
        super().__init__()
        self.stage = stage
        self.rate = rate
        self.reason = reason

    def compose(self) -> ComposeResult:
        stage = vocab.stage(self.stage)
        with Vertical(id="win-rate-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.wr_title")), classes="dialog-title")
            yield Static(Text(self.t("pipeline.wr_standard", stage=stage.label(self.lang),
                                     rate=stage.win_rate)), classes="dialog-message")
            yield Static(Text(self.t("pipeline.wr_rate")), classes="lost-label")
            yield CleanInput("" if self.rate is None else str(self.rate), id="wr-rate",
                        restrict=r"[0-9]*", max_length=3, compact=True)
            yield Static(id="wr-rate-error", classes="lost-error")
            yield Static(Text(self.t("pipeline.wr_reason")), classes="lost-label")
            yield CleanInput(self.reason, id="wr-reason", max_length=rules.MAX_REASON_CHARS,
                        compact=True)
            yield Static(id="wr-reason-error", classes="lost-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="wr-cancel")
                yield Button(Text(self.t("verb.save")), id="wr-save", variant="primary")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#wr-rate", Input).focus()

    def action_submit(self) -> None:
        raw = self.query_one("#wr-rate", Input).value.strip()
        reason = self.query_one("#wr-reason", Input).value
        errors: dict[str, str] = {}
        rate: int | None = None
        if raw:
            try:
                rate = int(raw)
            except ValueError:
                errors["rate"] = self.t("pipeline.wr_bad")
        if not errors:
            errors = {name: error.message(self.lang)
                      for name, error in rules.check_override(rate, reason).items()}
        for name in ("rate", "reason"):
            box = self.query_one(f"#wr-{name}-error", Static)
            box.update(Text(errors.get(name, "")))
            box.set_class(name in errors, "-shown")
        if errors:
            self.query_one(f"#wr-{next(iter(errors))}", Input).focus()
            return
        self.dismiss((rate, reason if rate is not None else ""))

    def field_submitted(self, field: Input) -> None:
        """Enter in a filled rate goes on to the reason; elsewhere it submits."""
        if field.id == "wr-rate" and field.value.strip():
            self.query_one("#wr-reason", Input).focus()
        else:
            self.action_submit()

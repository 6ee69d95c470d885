"""Mark a deal lost: why, and who won it, both required."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter

FIELDS = ("reason", "winner", "note")


class LostDialog(FormDialog[tuple[str, str, str]]):
    """Dismiss with (reason, winner, note) once both required fields are filled, else None."""

    SUBMIT_BUTTON = "lost-yes"

    def __init__(self, title: str, account: str) -> None:
        super().__init__()
        self.deal_title = title
        self.account = account

    def compose(self) -> ComposeResult:
        with Vertical(id="lost-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.lost_title")), classes="dialog-title")
            yield Static(Text.assemble((one_line(self.account, 60), "bold"), " · ",
                                       one_line(self.deal_title, 120)), classes="dialog-message")
            yield Static(Text(self.t("pipeline.lost_reason")), classes="lost-label")
            yield CleanInput(id="lost-reason", max_length=rules.MAX_REASON_CHARS, compact=True)
            yield Static(id="lost-reason-error", classes="lost-error")
            yield Static(Text(self.t("pipeline.lost_winner")), classes="lost-label")
            yield CleanInput(placeholder=self.t("pipeline.lost_winner_hint"), id="lost-winner",
                        max_length=rules.MAX_WINNER_CHARS, compact=True)
            yield Static(id="lost-winner-error", classes="lost-error")
            yield Static(Text(self.t("pipeline.note")), classes="lost-label")
            yield CleanInput(id="lost-note", max_length=2000, compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="lost-cancel")
                yield Button(Text(self.t("pipeline.lost_confirm")), id="lost-yes",
                             variant="error")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#lost-reason", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#lost-{name}", Input).value

    def action_submit(self) -> None:
        errors = rules.check_lost(self._value("reason"), self._value("winner"))
        first = None
        for name in ("reason", "winner"):
            error = errors.get(name)
            box = self.query_one(f"#lost-{name}-error", Static)
            box.update(Text(error.message(self.lang)) if error else Text(""))
            box.set_class(error is not None, "-shown")
            if error is not None and first is None:
                first = name
        if first is not None:
            self.query_one(f"#lost-{first}", Input).focus()
            return
        self.dismiss((self._value("reason"), self._value("winner"), self._value("note")))

    def field_submitted(self, field: Input) -> None:
        """Enter walks down the fields and submits from the last one."""
        names = [f"lost-{name}" for name in FIELDS]
        index = names.index(field.id) if field.id in names else len(names) - 1
        if index < len(names) - 1:
            self.query_one(f"#{names[index + 1]}", Input).focus()
        else:
            self.action_submit()

"""Mark a deal lost: why (the standard list), and who won it (a competitor on file, someone
else by name, or no one), both required; "other" needs a note."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.text import normalise_input, one_line
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter
from kam_tui.ui.kit.select_refill import refill_select
from kam_tui.ui.kit.workers import db_work

FIELDS = ("reason", "winner", "winner-name", "note")
SOMEONE_ELSE = "\x00someone-else"  # the winner Select's "someone else": a name is typed then
NO_ONE = vocab.NO_WINNER


class LostDialog(FormDialog[tuple[str, str, str]]):
    """Dismiss with (reason code, winner, note) once the record passes the rules, else None.

    `competitors` are the account's competitors on file, or a call that reads them (run in a
    worker, so the board need not have them at hand).
    """

    SUBMIT_BUTTON = "lost-yes"

    @dataclass
    class CompetitorsLoaded(Message):
        """The account's competitors on file."""

        names: list[str]

    def __init__(self, title: str, account: str,
                 competitors: Sequence[str] | Callable[[], list[str]] = ()) -> None:
        super().__init__()
        self.deal_title = title
        self.account = account
        self._loader = competitors if callable(competitors) else None
        self.competitors: list[str] = [] if callable(competitors) else list(competitors)

    def _winner_options(self) -> list[tuple[str | Text, str]]:
        options: list[tuple[str | Text, str]] = [(one_line(name, 60), name)
                                                 for name in self.competitors]
        options.append((self.t("pipeline.lost_someone_else"), SOMEONE_ELSE))
        options.append((vocab.winner_text(NO_ONE, self.lang), NO_ONE))
        return options

    def compose(self) -> ComposeResult:
        with Vertical(id="lost-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.lost_title")), classes="dialog-title")
            yield Static(Text.assemble((one_line(self.account, 60), "bold"), " · ",
                                       one_line(self.deal_title, 120)), classes="dialog-message")
            yield Static(Text(self.t("pipeline.lost_reason")), classes="lost-label")
            yield Select(vocab.LostReason.options(self.lang), id="lost-reason", compact=True,
                         prompt=self.t("pipeline.lost_pick"))
            yield Static(id="lost-reason-error", classes="lost-error")
            yield Static(Text(self.t("pipeline.lost_winner")), classes="lost-label")
            yield Select(self._winner_options(), id="lost-winner", compact=True,
                         prompt=self.t("pipeline.lost_pick"))
            yield Static(id="lost-winner-error", classes="lost-error")
            yield CleanInput(placeholder=self.t("pipeline.lost_winner_hint"),
                             id="lost-winner-name", max_length=rules.MAX_WINNER_CHARS,
                             compact=True)
            yield Static(id="lost-winner-name-error", classes="lost-error")
            yield Static(Text(self.t("pipeline.note")), id="lost-note-label", classes="lost-label")
            yield CleanInput(id="lost-note", max_length=rules.MAX_LOST_NOTE_CHARS, compact=True)
            yield Static(id="lost-note-error", classes="lost-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="lost-cancel")
                yield Button(Text(self.t("pipeline.lost_confirm")), id="lost-yes",
                             variant="error")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#lost-winner-name", Input).display = False
        self.query_one("#lost-reason", Select).focus()
        if self._loader is not None:
            self._load(self._loader)

    @db_work(group="lost-competitors")
    def _load(self, loader: Callable[[], list[str]]) -> None:
        # On a failure the app tells the rep; "someone else" still takes any name.
        self.post_message(self.CompetitorsLoaded(loader()))

    @on(CompetitorsLoaded)
    def _competitors_loaded(self, message: CompetitorsLoaded) -> None:
        self.competitors = message.names
        refill_select(self.query_one("#lost-winner", Select), self._winner_options())

    def _choice(self, name: str) -> str:
        value = self.query_one(f"#lost-{name}", Select).value
        return "" if value is Select.NULL else str(value)

    @on(Select.Changed, "#lost-reason")
    def _reason_changed(self, event: Select.Changed) -> None:
        other = event.value == vocab.LostReason.OTHER.value
        note = self.t("pipeline.lost_other_note") if other else self.t("pipeline.note")
        self.query_one("#lost-note-label", Static).update(Text(note))
        winner = self.query_one("#lost-winner", Select)
        if event.value == vocab.LostReason.NO_DECISION.value and winner.value is Select.NULL:
            winner.value = NO_ONE  # no decision: most often no one won

    @on(Select.Changed, "#lost-winner")
    def _winner_changed(self, event: Select.Changed) -> None:
        field = self.query_one("#lost-winner-name", Input)
        field.display = event.value == SOMEONE_ELSE
        if field.display and event.select.has_focus_within:
            # The name is typed next (once the list has closed and handed focus back).
            self.call_after_refresh(field.focus)

    def _winner(self) -> str:
        choice = self._choice("winner")
        if choice == SOMEONE_ELSE:
            return self.query_one("#lost-winner-name", Input).value
        return choice

    def _errors(self) -> dict[str, FieldError]:
        reason = self._choice("reason")
        note = self.query_one("#lost-note", Input).value
        errors = rules.check_lost(reason, self._winner(), note)
        if self._choice("winner") == SOMEONE_ELSE and "winner" in errors:
            errors["winner-name"] = errors.pop("winner")
        return errors

    def action_submit(self) -> None:
        errors = self._errors()
        first = None
        for name in FIELDS:
            error = errors.get(name)
            box = self.query_one(f"#lost-{name}-error", Static)
            box.update(Text(error.message(self.lang)) if error else Text(""))
            box.set_class(error is not None, "-shown")
            if error is not None and first is None:
                first = name
        if first is not None:
            self.query_one(f"#lost-{first}").focus()
            return
        self.dismiss((self._choice("reason"), normalise_input(self._winner()),
                      self.query_one("#lost-note", Input).value))

    def field_submitted(self, field: Input) -> None:
        """Enter in the typed winner goes on to the note; Enter in the note submits."""
        if field.id == "lost-winner-name":
            self.query_one("#lost-note", Input).focus()
        else:
            self.action_submit()

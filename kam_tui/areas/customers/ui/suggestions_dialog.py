"""Suggestions a rep can accept: ABC class by Pareto, size by installed base, MAN advice."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kam_tui.areas.customers import rules as classify
from kam_tui.areas.customers.service import AccountCard, ConflictError, ValidationFailed
from kam_tui.core.domain import vocab
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter


class SuggestionsDialog(Dialog[bool]):
    """Shows what the rules suggest for this account and applies what the rep accepts."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="verb.close"),
        Binding("a", "accept('abc_class')", "Accept class", id="suggest.accept_abc"),
        Binding("z", "accept('enterprise_size')", "Accept size", id="suggest.accept_size"),
    ]
    CANCELLED = False

    class Applied(Message):
        """A worker saved an accepted suggestion (error is set when it could not)."""

        def __init__(self, field: str, value: str, error: str = "") -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.error = error

    def __init__(self, card: AccountCard) -> None:
        super().__init__()
        self.card = card
        values = card.values
        self.abc = classify.suggest_abc(card.pareto_share)
        self.size_suggestion = classify.suggest_size(values["installed_base"],
                                                     values["operating_scope"])
        self.advice = classify.man_advice(values["man_money"], values["man_authority"],
                                          values["man_need"])

    def compose(self) -> ComposeResult:
        t = self.app.t
        lang = self.app.lang
        values = self.card.values
        with Vertical(id="suggestions"):
            yield Static(Text(t("card.suggestions"), style="bold"), classes="dialog-title")
            share = self.card.pareto_share
            basis = "—" if share is None else t("suggest.abc_basis", share=f"{share:.0%}")
            yield Static(Text.assemble((t("suggest.abc"), "bold"), "\n", basis))
            with Horizontal(classes="suggestion-row"):
                yield Static(self._line(vocab.AbcClass, values["abc_class"], self.abc),
                             classes="suggestion-value")
                yield Button(f"{t('verb.accept')} (a)", id="accept-abc",
                             disabled=self.abc is None or self.abc.value == values["abc_class"])
            yield Static(Text(t("suggest.size"), style="bold"))
            with Horizontal(classes="suggestion-row"):
                yield Static(self._line(vocab.EnterpriseSize, values["enterprise_size"],
                                        self.size_suggestion), classes="suggestion-value")
                yield Button(f"{t('verb.accept')} (z)", id="accept-size",
                             disabled=self.size_suggestion is None
                             or self.size_suggestion.value == values["enterprise_size"])
            yield Static(Text.assemble((t("suggest.man"), "bold"), "\n",
                                       f"{self.advice.combination} → {self.advice.message(lang)}"))
        yield FittingFooter()

    def _line(self, choices: type[vocab.Choice], current: str,
              suggested: vocab.Choice | None) -> Text:
        lang = self.app.lang
        now = choices.label_of(current, lang) or "—"
        if suggested is None:
            return Text(f"{now}  ·  {self.app.t('suggest.none')}")
        return Text(f"{now}  →  {suggested.label(lang)}")

    @on(Button.Pressed, "#accept-abc")
    def _accept_abc(self) -> None:
        self.action_accept("abc_class")

    @on(Button.Pressed, "#accept-size")
    def _accept_size(self) -> None:
        self.action_accept("enterprise_size")

    def action_accept(self, field: str) -> None:
        suggestion = self.abc if field == "abc_class" else self.size_suggestion
        if suggestion is None or suggestion.value == self.card.values[field]:
            return
        self._apply(field, suggestion.value)

    @db_work(group="suggest")
    def _apply(self, field: str, value: str) -> None:
        service = self.app.records
        try:
            values, version = service.load("account", self.card.id)
            service.save("account", {**values, field: value}, record_id=self.card.id,
                         expected_version=version, opened_values=values)
        except (ConflictError, ValidationFailed) as error:
            self.post_message(self.Applied(field, value, str(error)))
            return
        self.post_message(self.Applied(field, value))

    def on_suggestions_dialog_applied(self, message: Applied) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        label = next(spec.label(self.app.lang) for spec in self.app.records.specs("account")
                     if spec.name == message.field)
        choices = vocab.AbcClass if message.field == "abc_class" else vocab.EnterpriseSize
        self.app.remember_change("account", self.card.id, self.card.values["name"],  # type: ignore[attr-defined]
                                 message.field, self.card.values[message.field])
        self.notify(self.app.t("suggest.applied", field=label,
                               value=choices.label_of(message.value, self.app.lang)))
        self.dismiss(True)

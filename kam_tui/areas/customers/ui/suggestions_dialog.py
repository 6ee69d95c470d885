"""Suggestions a rep can accept: ABC class by Pareto, size by installed base, MAN advice, and
the layer, status, lifecycle and "has bought" flag the purchase history suggests where it
contradicts the card."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kam_tui.areas.customers import rules as classify
from kam_tui.areas.customers.service import AccountCard, ConflictError, ValidationFailed
from kam_tui.areas.customers.ui.card_sections import (
    CONTRADICTION_CHOICES,
    card_contradictions,
    suggested_label,
)
from kam_tui.core.domain import vocab
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter

# The key that accepts each contradicted field's suggestion (as the bindings below).
ACCEPT_KEYS = {"layer": "l", "status": "t", "lifecycle": "y", "bought_before": "b"}
assert set(ACCEPT_KEYS) == {*CONTRADICTION_CHOICES, "bought_before"}


class SuggestionsDialog(Dialog[bool]):
    """Shows what the rules suggest for this account and applies what the rep accepts."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="verb.close"),
        Binding("a", "accept('abc_class')", "Accept class", id="suggest.accept_abc"),
        Binding("z", "accept('enterprise_size')", "Accept size", id="suggest.accept_size"),
        Binding("l", "accept('layer')", "Accept layer", id="suggest.accept_layer"),
        Binding("t", "accept('status')", "Accept status", id="suggest.accept_status"),
        Binding("y", "accept('lifecycle')", "Accept lifecycle", id="suggest.accept_lifecycle"),
        Binding("b", "accept('bought_before')", "Accept has bought",
                id="suggest.accept_bought"),
    ]
    CANCELLED = False

    class Applied(Message):
        """A worker saved an accepted suggestion (error is set when it could not)."""

        def __init__(self, field: str, value: str | bool, error: str = "") -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.error = error

    def __init__(self, card: AccountCard, today: date) -> None:
        super().__init__()
        self.card = card
        values = card.values
        self.abc = classify.suggest_abc(card.pareto_share)
        self.size_suggestion = classify.suggest_size(values["installed_base"],
                                                     values["operating_scope"])
        self.advice = classify.man_advice(values["man_money"], values["man_authority"],
                                          values["man_need"])
        self.contradictions = {contradiction.field: contradiction for contradiction
                               in card_contradictions(card, today)}

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
        if self.contradictions:
            yield Static(Text(t("suggest.contradictions"), style="bold"))
        for field, contradiction in self.contradictions.items():
            yield Static(Text(f"≠ {contradiction.message(lang)}"))
            with Horizontal(classes="suggestion-row"):
                yield Static(Text(f"{t('suggest.' + field)}: "
                                  f"{suggested_label(contradiction, lang, t)}"),
                             classes="suggestion-value")
                yield Button(f"{t('verb.accept')} ({ACCEPT_KEYS[field]})",
                             id=f"accept-{field.replace('_', '-')}")
        yield FittingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A contradicted field's key shows only when the history contradicts it.
        if action == "accept" and parameters and parameters[0] in ACCEPT_KEYS:
            return parameters[0] in self.contradictions
        return True

    def _label(self, field: str, value: str | bool) -> str:
        if field in self.contradictions:
            return suggested_label(self.contradictions[field], self.app.lang, self.app.t)
        choices = vocab.AbcClass if field == "abc_class" else vocab.EnterpriseSize
        return choices.label_of(str(value), self.app.lang)

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

    @on(Button.Pressed, "#accept-layer, #accept-status, #accept-lifecycle, #accept-bought-before")
    def _accept_contradicted(self, event: Button.Pressed) -> None:
        self.action_accept((event.button.id or "").removeprefix("accept-").replace("-", "_"))

    def action_accept(self, field: str) -> None:
        if field in self.contradictions:
            value = self.contradictions[field].suggested
            if value != self.card.values[field]:
                self._apply(field, value)
            return
        if field not in ("abc_class", "enterprise_size"):
            return  # nothing contradicts that field: no suggestion to accept
        suggestion = self.abc if field == "abc_class" else self.size_suggestion
        if suggestion is None or suggestion.value == self.card.values[field]:
            return
        self._apply(field, suggestion.value)

    @db_work(group="suggest")
    def _apply(self, field: str, value: str | bool) -> None:
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
        self.app.remember_change("account", self.card.id, self.card.values["name"],  # type: ignore[attr-defined]
                                 message.field, self.card.values[message.field])
        self.notify(self.app.t("suggest.applied", field=label,
                               value=self._label(message.field, message.value)))
        self.dismiss(True)

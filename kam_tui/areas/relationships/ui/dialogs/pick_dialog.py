"""A short list to pick one value from, filtered as you type when it is long."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.core.domain.search import search_terms, search_text
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter

FILTER_FROM = 9  # lists at least this long get a filter line


class RelationshipPickDialog(Dialog[tuple[object] | None]):
    """Dismiss with (value,) for the picked option, or None when cancelled."""

    BINDINGS = [CANCEL]


    def __init__(self, title: str, options: list[tuple[str, object]],
                 current: object = ..., *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.options = [(one_line(label, 120), value) for label, value in options]
        self.current = current
        # Pinyin initials and full pinyin let a rep type "zjg" for 周建国.
        self._haystacks = [search_text(label) for label, _ in self.options]
        self._shown: list[int] = list(range(len(self.options)))

    @property
    def has_filter(self) -> bool:
        """Return whether the list is long enough to be filtered."""
        return len(self.options) >= FILTER_FROM

    def compose(self) -> ComposeResult:
        with Vertical(id="rel-pick", classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.has_filter:
                yield CleanInput(placeholder=self.app.t("relationships.filter"), id="rel-pick-filter",
                            compact=True)
            yield OptionList(id="rel-pick-list")
        yield FittingFooter()

    def on_mount(self) -> None:
        self._fill("")
        if self.has_filter:
            self.query_one("#rel-pick-filter", Input).focus()
        else:
            self.query_one(OptionList).focus()

    def _fill(self, text: str) -> None:
        terms = search_terms(text)
        self._shown = [index for index, hay in enumerate(self._haystacks)
                       if all(term in hay for term in terms)]
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        if not self._shown:
            option_list.add_option(Option(Text(self.app.t("relationships.none_found")),
                                          disabled=True))
            return
        option_list.add_options([Option(Text(self.options[index][0]), id=str(index))
                                 for index in self._shown])
        current = next((row for row, index in enumerate(self._shown)
                        if self.options[index][1] == self.current), 0)
        option_list.highlighted = current

    @on(Input.Changed, "#rel-pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#rel-pick-filter")
    def _submitted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None and self._shown:
            self._pick(self._shown[option_list.highlighted])

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up") and isinstance(self.focused, Input):
            self.query_one(OptionList).focus()
            event.stop()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self._pick(int(event.option_id))

    def _pick(self, index: int) -> None:
        self.dismiss((self.options[index][1],))


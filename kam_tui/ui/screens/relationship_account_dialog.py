"""Pick the account whose relationship map to draw, searching as you type."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.domain.text import one_line
from kam_tui.services.accounts import AccountQuery, AccountRow
from kam_tui.ui.bindings import localise_bindings

SHOWN = 30


class RelationshipAccountDialog(ModalScreen[int | None]):
    """Dismiss with the picked account's id, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="verb.cancel")]

    class Found(Message):
        """A worker searched the accounts."""

        def __init__(self, search: str, rows: list[AccountRow]) -> None:
            super().__init__()
            self.search = search
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self._search = ""

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="rel-pick", classes="dialog"):
            yield Static(Text(t("relationships.account_title")), classes="dialog-title")
            yield Input(placeholder=t("relationships.account_search"), id="rel-account-search",
                        compact=True)
            yield OptionList(id="rel-pick-list")
        yield Footer()

    def on_mount(self) -> None:
        localise_bindings(self, self.app.lang)
        self.query_one(Input).focus()
        self._find("")

    @work(thread=True, exclusive=True, exit_on_error=False, group="rel-account-search")
    def _find(self, search: str) -> None:
        rows = self.app.accounts.page(AccountQuery(search=search), 0, SHOWN)
        self.post_message(self.Found(search, rows))

    def on_relationship_account_dialog_found(self, message: Found) -> None:
        if message.search != self._search:
            return
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        if not message.rows:
            option_list.add_option(Option(Text(self.app.t("relationships.none_found")),
                                          disabled=True))
            return
        for row in message.rows:
            label = Text(one_line(row.name, 80))
            if row.short_name and row.short_name != row.name:
                label.append(f"  {one_line(row.short_name, 30)}", style="dim")
            label.append(f"  {row.abc_class} · {one_line(row.region, 20)}", style="dim")
            option_list.add_option(Option(label, id=str(row.id)))
        option_list.highlighted = 0

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._search = event.value
        self._find(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            if option.id is not None:
                self.dismiss(int(option.id))

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up") and isinstance(self.focused, Input):
            self.query_one(OptionList).focus()
            event.stop()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self.dismiss(int(event.option_id))

    def action_cancel(self) -> None:
        """Close without picking."""
        self.dismiss(None)

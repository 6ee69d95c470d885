"""Pick an account by typing: name, short name, phone, contact or pinyin."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.areas.customers.service import AccountQuery, AccountRow, AccountService
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter

SHOWN = 20


class AccountPickDialog(Dialog[int | None]):
    """Dismiss with the picked account's id, or None when cancelled."""

    BINDINGS = [CANCEL]


    @dataclass
    class Found(Message):
        """A worker searched the accounts; one row more than shown says there are more."""

        search: str
        rows: list[AccountRow]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.heading = title
        self.search = ""
        self.shown_search: str | None = None  # the search whose matches are listed
        self._enter_pending = False

    def compose(self) -> ComposeResult:
        with Vertical(id="account-pick", classes="dialog"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield CleanInput(placeholder=self.t("pick.search"), id="account-pick-search",
                        compact=True)
            yield OptionList(id="account-pick-list")
            yield Static(Text(self.t("list.loading")), id="account-pick-status",
                         classes="dialog-help")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._find("")

    @db_work(exclusive=True, group="account-pick")
    def _find(self, search: str) -> None:
        # A failing search goes to the app's one error handler, which tells the rep; see
        # worker_failed for how the picker stays usable.
        rows = self.app.service(AccountService).page(AccountQuery(search=search), 0, SHOWN + 1)  # type: ignore[attr-defined]
        self.post_message(self.Found(search, rows))

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """A search failed: say so in the list, keep the typing; the app tells the rep why."""
        if name == "_find" and self.shown_search != self.search:
            # Its matches will not come: show none, so Enter picks nothing from an older list.
            self._enter_pending = False
            self.shown_search = self.search
            self.query_one(OptionList).clear_options()
            self.query_one("#account-pick-status", Static).update(Text(self.t("pick.failed")))
        return False  # not handled here: the app's notification tells the rep what broke

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.search != self.search:
            return  # the rep typed on; the newer search's answer is on its way
        self.shown_search = message.search
        options = self.query_one(OptionList)
        options.clear_options()
        for row in message.rows[:SHOWN]:
            label = Text(one_line(row.name, 80))
            if row.short_name and row.short_name != row.name:
                label.append(f"  {one_line(row.short_name, 30)}", style="dim")
            label.append(f"  {row.abc_class or '-'} · {one_line(row.region, 20)}", style="dim")
            options.add_option(Option(label, id=str(row.id)))
        if message.rows:
            options.highlighted = 0
        status = ""
        if not message.rows:
            status = self.t("pick.none")
        elif len(message.rows) > SHOWN:
            status = self.t("pick.more", shown=SHOWN)
        self.query_one("#account-pick-status", Static).update(Text(status))
        if self._enter_pending:
            self._enter_pending = False
            self._pick_highlighted()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self._find(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self.shown_search != self.search:
            # Enter came before this search's matches: pick from them, not from the old list.
            self._enter_pending = True
            return
        self._pick_highlighted()

    def _pick_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id is not None:
            self.dismiss(int(option.id))

    def on_key(self, event: events.Key) -> None:
        # Up and down move through the matches while the search box keeps the typing.
        if event.key in ("down", "up") and isinstance(self.focused, Input):
            event.stop()
            event.prevent_default()
            options = self.query_one(OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))


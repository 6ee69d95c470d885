"""Pick the account a new opportunity belongs to, searching as you type."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.domain.text import one_line
from kam_tui.services.accounts import AccountQuery, AccountRow
from kam_tui.ui.screens.pipeline_dialog import PipelineDialog

LIMIT = 20


class PipelineAccountDialog(PipelineDialog[int]):
    """Dismiss with the chosen account's id, or None."""

    @dataclass
    class Found(Message):
        """A worker found the accounts matching a search."""

        search: str
        count: int
        rows: list[AccountRow]

    def __init__(self) -> None:
        super().__init__()
        self.search = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.pick_title")), classes="dialog-title")
            yield Input(placeholder=self.t("pipeline.pick_placeholder"), id="pick-search",
                        compact=True)
            yield OptionList(id="pick-list")
            yield Static(id="pick-status", classes="dialog-help")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#pick-search", Input).focus()
        self._find("")

    @work(thread=True, exclusive=True, exit_on_error=False, group="pick-account")
    def _find(self, search: str) -> None:
        service = self.app.accounts  # type: ignore[attr-defined]
        query = AccountQuery(search=search)
        try:
            count = service.count(query)
            rows = service.page(query, 0, LIMIT)
        except Exception:  # noqa: BLE001 - an empty list says enough; typing again retries
            count, rows = 0, []
        self.post_message(self.Found(search, count, rows))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.search != self.search:
            return
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        for row in message.rows:
            label = Text(one_line(row.name, 80))
            if row.short_name and row.short_name != row.name:
                label.append(f"  {one_line(row.short_name, 30)}", style="dim")
            if row.region:
                label.append(f"  · {one_line(row.region, 20)}", style="dim")
            options.add_option(Option(label, id=str(row.id)))
        if message.rows:
            options.highlighted = 0
        status = ""
        if message.count == 0:
            status = self.t("pipeline.pick_none")
        elif message.count > LIMIT:
            status = self.t("pipeline.pick_more", count=message.count)
        self.query_one("#pick-status", Static).update(Text(status))

    @on(Input.Changed, "#pick-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self._find(event.value)

    @on(Input.Submitted, "#pick-search")
    def _submitted(self) -> None:
        self.action_submit()

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        # Up and down move through the matches while the search box keeps the typing.
        options = self.query_one("#pick-list", OptionList)
        if event.key in ("down", "up") and self.focused is self.query_one("#pick-search"):
            event.stop()
            event.prevent_default()
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()

    def action_submit(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id is not None:
            self.dismiss(int(option.id))

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

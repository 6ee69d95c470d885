"""The customer card (客户资料卡): one account's file in sections, with its records and advice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from kam_tui.areas.customers.service import AccountCard, AccountService
from kam_tui.areas.customers.ui.card_sections import TABLE_COLUMNS, CardSections, Rows
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter

# Which record kind each tab lists, and what `n` creates there.
TAB_KINDS: dict[str, str] = {
    "basics": "activity",
    "business": "product",
    "contacts": "contact",
    "opportunities": "opportunity",
    "purchases": "purchase",
    "visits": "activity",
    "competitors": "competitor",
}
LIST_TABS = ("business", "contacts", "opportunities", "purchases", "visits", "competitors")
TAB_ORDER = ("basics", "business", "contacts", "opportunities", "purchases", "visits",
             "competitors")


class CardScreen(Localised, Screen):
    """One account's card: basics, business, contacts, opportunities, purchases, visits, rivals."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back"),
        Binding("e", "edit", "Edit", id="verb.edit"),
        Binding("n", "new", "New", id="verb.new"),
        Binding("d", "delete", "Delete", id="verb.delete"),
        Binding("u,ctrl+z", "app.undo", "Undo", id="verb.undo", key_display="u"),
        Binding("s", "suggestions", "Suggestions", id="verb.suggest"),
        Binding("m", "relationship_map", "Relationship map", id="nav.relationships"),
        Binding("right_square_bracket,tab", "tab(1)", "Next section", id="verb.next_tab",
                key_display="]"),
        Binding("left_square_bracket,shift+tab", "tab(-1)", "Previous section",
                id="verb.prev_tab", key_display="[", show=False),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
        # A table in focus takes these itself; otherwise they scroll the section, so a long card
        # at 80x24 can be read to its end without a mouse.
        Binding("pagedown", "scroll_section('page_down')", "Scroll down", show=False,
                id="card.scroll_down"),
        Binding("pageup", "scroll_section('page_up')", "Scroll up", show=False,
                id="card.scroll_up"),
        Binding("down", "scroll_section('down')", "Line down", show=False, id="card.line_down"),
        Binding("up", "scroll_section('up')", "Line up", show=False, id="card.line_up"),
        Binding("end", "scroll_section('end')", "Scroll to the end", show=False,
                id="card.scroll_end"),
        Binding("home", "scroll_section('home')", "Scroll to the top", show=False,
                id="card.scroll_home"),
    ]

    class CardLoaded(Message):
        """A worker read the card (None when the account is gone)."""

        def __init__(self, card: AccountCard | None, number: int) -> None:
            super().__init__()
            self.card = card
            self.number = number

    class RecordDeleted(Message):
        """A worker soft-deleted a record on this card."""

        def __init__(self, kind: str, record_id: int, name: str) -> None:
            super().__init__()
            self.kind = kind
            self.record_id = record_id
            self.name = name

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.card: AccountCard | None = None
        self._order = LoadOrder()

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t = self.app.t
        yield Header()
        yield Static(Text(t("list.loading")), id="card-head")
        with TabbedContent(id="card-tabs"):
            with TabPane(t("tab.basics"), id="basics"):
                with VerticalScroll():
                    yield Static(id="basics-body", classes="card-body")
            with TabPane(t("tab.business"), id="business"):
                with VerticalScroll():
                    yield Static(id="business-body", classes="card-body")
                    yield Static(Text(t("card.products"), style="bold"), classes="card-subtitle")
                    yield DataTable(id="table-business", cursor_type="row", classes="card-table")
            for tab in LIST_TABS[1:]:
                with TabPane(t(f"tab.{tab}"), id=tab):
                    yield Static(id=f"{tab}-summary", classes="card-summary")
                    yield DataTable(id=f"table-{tab}", cursor_type="row", classes="card-table")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.app.t("card.title")
        self._setup_tables()
        self._load()

    def on_screen_resume(self) -> None:
        if self.card is not None:
            self._load()

    def _setup_tables(self) -> None:
        t = self.app.t
        for tab, columns in TABLE_COLUMNS.items():
            table = self.query_one(f"#table-{tab}", DataTable)
            for column in columns:
                table.add_column(t(column))

    # --- data --------------------------------------------------------------------------------

    @db_work(exclusive=True, group="card")
    def _fetch(self, number: int) -> None:
        self.post_message(self.CardLoaded(self.app.service(AccountService).card(self.account_id), number))

    def _load(self) -> None:
        self._fetch(self._order.next())

    def refresh_data(self) -> None:
        """Reload the card after data changed."""
        self._load()

    def on_card_screen_card_loaded(self, message: CardLoaded) -> None:
        if not self._order.accept(message.number):
            return  # a read started before an edit landed; the newer card is shown
        if message.card is None:
            self.query_one("#card-head", Static).update(Text(self.app.t("card.gone"), style="bold"))
            self.card = None
            return
        self.card = message.card
        self._render_card(message.card)

    def _render_card(self, card: AccountCard) -> None:
        sections = CardSections(self.app.lang, self.app.t, self.app.today())
        self.query_one("#card-head", Static).update(sections.head(card))
        self.query_one("#basics-body", Static).update(sections.basics(card, self.size.width))
        self.query_one("#business-body", Static).update(sections.business(card))
        for tab, rows in sections.table_rows(card).items():
            self._fill(tab, rows)
        for tab, summary in sections.summaries(card).items():
            self.query_one(f"#{tab}-summary", Static).update(Text(summary))

    def _fill(self, tab: str, rows: Rows) -> None:
        table = self.query_one(f"#table-{tab}", DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*(fmt.literal("" if cell is None else cell, 80) for cell in cells),
                          key=str(key))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    # --- actions -----------------------------------------------------------------------------

    @property
    def _tab(self) -> str:
        return self.query_one(TabbedContent).active or "basics"

    def _selected(self) -> tuple[str, int, str] | None:
        tab = self._tab
        if tab not in LIST_TABS:
            return None
        table = self.query_one(f"#table-{tab}", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        label = str(table.get_row_at(table.cursor_row)[0])
        return TAB_KINDS[tab], int(key or 0), label

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_tab(self, step: int) -> None:
        index = (TAB_ORDER.index(self._tab) + step) % len(TAB_ORDER)
        self.query_one(TabbedContent).active = TAB_ORDER[index]
        self._focus_tab_table()

    def action_scroll_section(self, how: str) -> None:
        """Scroll the shown section: a line, a page, or to its top or end."""
        pane = self.query_one(f"#{self._tab}", TabPane)
        scrollers = list(pane.query(VerticalScroll))
        scroller = scrollers[0] if scrollers else pane.query_one(DataTable)
        getattr(scroller, f"scroll_{how}")(animate=False)

    def _focus_tab_table(self) -> None:
        tab = self._tab
        if tab in LIST_TABS:
            self.query_one(f"#table-{tab}", DataTable).focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self.call_after_refresh(self._focus_tab_table)

    def action_edit(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.card is None:
            return
        selected = self._selected()
        if selected is None:
            self.app.push_screen(RecordFormScreen("account", record_id=self.account_id))
        else:
            kind, record_id, _ = selected
            self.app.push_screen(RecordFormScreen(kind, record_id=record_id,
                                                  parent_id=self.account_id,
                                                  account_id=self.account_id))

    def action_new(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.card is None:
            return
        kind = TAB_KINDS[self._tab]
        initial: dict[str, Any] = {}
        if kind == "activity":
            initial = {"occurred_on": self.app.today().isoformat(), "kind": "visit"}
        elif kind == "purchase":
            initial = {"purchased_on": self.app.today().isoformat()}
        self.app.push_screen(RecordFormScreen(kind, parent_id=self.account_id,
                                              account_id=self.account_id, initial=initial))

    def action_delete(self) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        if self.card is None:
            return
        selected = self._selected()
        if selected is None:
            kind, record_id, name = "account", self.account_id, self.card.values["name"]
        else:
            kind, record_id, name = selected
        question = self.app.t("delete.q", kind=self.app.t(f"kind.{kind}"),
                              name=fmt.literal(name, 80).plain)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(kind, record_id, name)

        self.app.push_screen(ConfirmDialog(question, yes=self.app.t("verb.yes_delete")), confirmed)

    @db_work(group="card-delete")
    def _delete(self, kind: str, record_id: int, name: str) -> None:
        self.app.records.delete(kind, record_id)
        self.post_message(self.RecordDeleted(kind, record_id, name))

    def on_card_screen_record_deleted(self, message: RecordDeleted) -> None:
        self.app.remember_deleted(message.kind, message.record_id, message.name)
        if message.kind == "account":
            self.app.pop_screen()
        else:
            self._load()

    def action_suggestions(self) -> None:
        from kam_tui.areas.customers.ui.suggestions_dialog import SuggestionsDialog

        if self.card is not None:
            self.app.push_screen(SuggestionsDialog(self.card, self.app.today()),
                                 lambda _: self._load())

    def action_refresh_data(self) -> None:
        self._load()

    def action_relationship_map(self) -> None:
        selected = self._selected()
        deal = selected[1] if selected and selected[0] == "opportunity" else None
        self.app.action_go("relationships", account_id=self.account_id, opportunity_id=deal)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.app.t
        yield SystemCommand(t("verb.edit") + " · " + t("kind.account"), "e",
                            lambda: self.app.push_screen(self._account_form()))
        for tab in TAB_ORDER:
            yield SystemCommand(t(f"tab.{tab}"), "[ ]",
                                lambda tab=tab: setattr(self.query_one(TabbedContent),
                                                        "active", tab))
        for tab in LIST_TABS:
            kind = TAB_KINDS[tab]
            yield SystemCommand(f"{t('verb.new')} · {t('kind.' + kind)}", "n",
                                lambda tab=tab: self._new_in(tab))
        yield SystemCommand(t("verb.suggest"), "s", self.action_suggestions)

    def _account_form(self) -> Screen:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        return RecordFormScreen("account", record_id=self.account_id)

    def _new_in(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.action_new()

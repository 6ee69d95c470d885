"""The home screen: every account, searched as you type, filtered, sorted, paged from SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static

from kam_tui.areas.customers.service import AccountQuery, AccountRow, AccountService
from kam_tui.core.domain import vocab
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.paged_table import Column, PagedTable
from kam_tui.ui.kit.select_refill import refill_select
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter

FILTERS: tuple[tuple[str, type[vocab.Choice] | None], ...] = (
    ("abc_class", vocab.AbcClass),
    ("layer", vocab.Layer),
    ("status", vocab.AccountStatus),
    ("region", None),
    ("owner", None),
)

SORTABLE = ("name", "abc_class", "layer", "status", "region", "owner", "pipeline",
            "last_contact", "next_revisit")
# Column widths that depend on the language (a layout rule, not a text): Chinese labels and
# values fit in fewer cells.
LANG_WIDTHS: dict[str, dict[str, int]] = {
    "en": {"abc_class": 3, "layer": 12, "status": 9, "owner": 10},
    "zh": {"abc_class": 4, "layer": 8, "status": 8, "owner": 8},
}


class CustomersScreen(Localised, Screen):
    """The account list (客户列表): search, filters, sort, and the way into each card."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="verb.search", key_display="/"),
        Binding("n", "new_account", "New", id="verb.new"),
        Binding("e", "edit_account", "Edit", id="verb.edit"),
        Binding("d", "delete_account", "Delete", id="verb.delete"),
        Binding("u,ctrl+z", "app.undo", "Undo", id="verb.undo", key_display="u"),
        Binding("o", "cycle_sort", "Sort", id="verb.sort"),
        Binding("r", "reverse_sort", "Reverse", show=False, id="list.reverse"),
        Binding("f", "focus_filters", "Filters", id="verb.filter"),
        Binding("i", "import_rows", "Import…", id="tool.import"),
        Binding("ctrl+e", "export_rows", "Export…", id="tool.export"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="verb.clear_filters"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
        Binding("escape", "leave_search", "Leave search", show=False, id="list.leave_search"),
    ]

    class ListLoaded(Message):
        """A worker counted and fetched the first page for a query."""

        def __init__(self, query: AccountQuery, count: int, total: int,
                     rows: list[AccountRow], keep_cursor: bool, number: int) -> None:
            super().__init__()
            self.query = query
            self.number = number
            self.count = count
            self.total = total
            self.rows = rows
            self.keep_cursor = keep_cursor

    class PageLoaded(Message):
        """A worker fetched one page of rows for a table generation."""

        def __init__(self, generation: int, offset: int, rows: list[AccountRow]) -> None:
            super().__init__()
            self.generation = generation
            self.offset = offset
            self.rows = rows

    class OptionsLoaded(Message):
        """A worker read the region and owner filter values."""

        def __init__(self, options: dict[str, list[tuple[str, Any]]]) -> None:
            super().__init__()
            self.options = options

    class Deleted(Message):
        """A worker soft-deleted an account."""

        def __init__(self, account_id: int, name: str) -> None:
            super().__init__()
            self.account_id = account_id
            self.name = name

    def __init__(self) -> None:
        super().__init__()
        self.account_query = AccountQuery()
        self._names: dict[int, str] = {}
        self._total = 0
        self._count = 0
        self._loaded_once = False
        self._order = LoadOrder()

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t = self.app.t
        lang = self.app.lang
        yield Header()
        with Horizontal(id="list-bar"):
            yield CleanInput(placeholder=t("list.search_placeholder"), id="search", compact=True)
        with Horizontal(id="filter-bar"):
            for key, choice in FILTERS:
                options = choice.options(lang) if choice else []
                yield Select(options, prompt=f"{t('col.' + key)}: {t('filter.any')}",
                             id=f"filter-{key}", classes="filter", compact=True)
        yield PagedTable(self._columns(), empty_text=t("list.empty"), id="accounts")
        yield Static(t("list.loading"), id="list-status")
        yield FittingFooter()

    def _columns(self) -> list[Column]:
        t = self.app.t
        width = LANG_WIDTHS.get(self.app.lang, LANG_WIDTHS["en"])
        return [
            Column("name", t("col.name"), 0, min_width=24),
            Column("abc_class", t("col.abc_class"), width["abc_class"], priority=1),
            Column("layer", t("col.layer"), width["layer"], priority=7),
            Column("status", t("col.status"), width["status"], priority=4),
            Column("region", t("col.region"), 8, priority=8),
            Column("owner", t("col.owner"), width["owner"], priority=6),
            Column("pipeline", t("col.pipeline"), 10, align="right", priority=3),
            Column("last_contact", t("col.last_contact"), 12, priority=5),
            Column("next_revisit", t("col.next_revisit"), 12, priority=2),
        ]

    def on_mount(self) -> None:
        self.title = self.app.t("app.title")
        self.sub_title = ("DEMO · " if self.app.demo else "") + self.app.t("area.customers")
        table = self.query_one(PagedTable)
        table.sorted_column = self.account_query.sort
        table.focus()
        self._reload()
        self._load_options()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self._reload(keep_cursor=True)

    # --- workers (database work off the UI thread; results come back as messages) ------------

    @db_work(exclusive=True, group="account-list")
    def _fetch_list(self, query: AccountQuery, with_total: bool, keep_cursor: bool,
                    number: int) -> None:
        service = self.app.service(AccountService)
        rows = service.page(query, 0, PagedTable.PAGE_SIZE)
        # A short first page is the whole answer: no need to count (the count is what costs).
        count = len(rows) if len(rows) < PagedTable.PAGE_SIZE else service.count(query)
        total = service.count(AccountQuery()) if with_total else -1
        self.post_message(self.ListLoaded(query, count, total, rows, keep_cursor, number))

    @db_work(group="account-pages")
    def _fetch_page(self, query: AccountQuery, generation: int, offset: int, limit: int) -> None:
        rows = self.app.service(AccountService).page(query, offset, limit)
        self.post_message(self.PageLoaded(generation, offset, rows))

    @db_work(group="account-options")
    def _fetch_options(self) -> None:
        self.post_message(self.OptionsLoaded(self.app.service(AccountService).filter_options()))

    @db_work(group="account-delete")
    def _delete(self, account_id: int, name: str) -> None:
        self.app.records.delete("account", account_id)
        self.post_message(self.Deleted(account_id, name))

    def _reload(self, keep_cursor: bool = False) -> None:
        self._fetch_list(self.account_query, with_total=True, keep_cursor=keep_cursor,
                         number=self._order.next())

    def _load_options(self) -> None:
        self._fetch_options()

    def refresh_data(self) -> None:
        """Reload the list and the filter values after data changed."""
        self._reload(keep_cursor=True)
        self._load_options()

    # --- messages ----------------------------------------------------------------------------

    def on_customers_screen_list_loaded(self, message: ListLoaded) -> None:
        if message.query != self.account_query or not self._order.accept(message.number):
            return  # the rep typed on, or a newer read of this query is already shown
        self._loaded_once = True
        if message.total >= 0:
            self._total = message.total
        self._count = message.count
        table = self.query_one(PagedTable)
        table.reset(message.count, [self._row(row) for row in message.rows],
                    keep_cursor=message.keep_cursor)
        self._update_status()

    def on_customers_screen_page_loaded(self, message: PageLoaded) -> None:
        self.query_one(PagedTable).add_page(message.generation, message.offset,
                                            [self._row(row) for row in message.rows])

    def on_customers_screen_options_loaded(self, message: OptionsLoaded) -> None:
        for key in ("region", "owner"):
            refill_select(self.query_one(f"#filter-{key}", Select),
                          message.options.get(key, []))

    def on_customers_screen_deleted(self, message: Deleted) -> None:
        self.app.remember_deleted("account", message.account_id, message.name)
        self.refresh_data()

    @on(PagedTable.PageWanted)
    def _page_wanted(self, message: PagedTable.PageWanted) -> None:
        self._fetch_page(self.account_query, message.generation, message.offset, message.limit)

    @on(PagedTable.RowChosen)
    def _row_chosen(self, message: PagedTable.RowChosen) -> None:
        self._open_card(int(message.key))

    @on(PagedTable.HeaderClicked)
    def _header_clicked(self, message: PagedTable.HeaderClicked) -> None:
        if message.column == self.account_query.sort:
            self._set_sort(message.column, not self.account_query.descending)
        else:
            self._set_sort(message.column, message.column == "pipeline")

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(replace(self.account_query, search=event.value))

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(PagedTable).focus()

    @on(Select.Changed, ".filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("filter-")
        value = None if event.value is Select.NULL else event.value
        if key == "owner":
            self._set_query(replace(self.account_query, owner_id=value))
        else:
            self._set_query(replace(self.account_query, **{key: value or ""}))

    def _set_query(self, query: AccountQuery) -> None:
        if query != self.account_query:
            self.account_query = query
            self._fetch_list(query, with_total=False, keep_cursor=False,
                             number=self._order.next())

    def _set_sort(self, column: str, descending: bool) -> None:
        table = self.query_one(PagedTable)
        table.sorted_column = column
        table.sort_descending = descending
        self._set_query(replace(self.account_query, sort=column, descending=descending))
        self._update_status()

    # --- rows --------------------------------------------------------------------------------

    def _row(self, row: AccountRow) -> tuple[object, tuple[str | Text, ...]]:
        lang = self.app.lang
        self._names[row.id] = row.name
        name = fmt.literal(row.name)
        if row.short_name and row.short_name != row.name:
            name.append(f" ({fmt.literal(row.short_name, 40).plain})", style="dim")
        return row.id, (
            name,
            row.abc_class,
            vocab.Layer.label_of(row.layer, lang),
            vocab.AccountStatus.label_of(row.status, lang),
            row.region,
            row.owner,
            fmt.amount(row.pipeline, lang) if row.pipeline else "—",
            fmt.day(row.last_contact),
            fmt.due(row.next_revisit, self.app.today()),
        )

    def _update_status(self) -> None:
        t = self.app.t
        if self._count == self._total:
            text = t("list.count_all", total=self._total)
        else:
            text = t("list.count", shown=self._count, total=self._total)
        column = t(f"col.{self.account_query.sort}")
        arrow = "▼" if self.account_query.descending else "▲"
        # One fixed-height line: skipping the layout pass saves a full-screen reflow per keystroke.
        self.query_one("#list-status", Static).update(
            Text(f" {text} · {t('list.sorted', column=column, arrow=arrow)}"), layout=False)

    # --- actions -----------------------------------------------------------------------------

    def _current(self) -> tuple[int, str] | None:
        key = self.query_one(PagedTable).cursor_key
        if key is None:
            return None
        return int(key), self._names.get(int(key), "")

    def _open_card(self, account_id: int) -> None:
        from kam_tui.areas.customers.ui.card_screen import CardScreen

        self.app.push_screen(CardScreen(account_id))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Leave the search box for the list; from elsewhere, clear the search."""
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one(PagedTable).focus()
        elif search.value:
            search.value = ""

    def action_focus_filters(self) -> None:
        self.query_one("#filter-abc_class", Select).focus()

    def action_clear_filters(self) -> None:
        for key, _ in FILTERS:
            self.query_one(f"#filter-{key}", Select).clear()
        self.query_one("#search", Input).value = ""
        self._set_query(AccountQuery(sort=self.account_query.sort, descending=self.account_query.descending))

    def action_cycle_sort(self) -> None:
        index = (SORTABLE.index(self.account_query.sort) + 1) % len(SORTABLE)
        self._set_sort(SORTABLE[index], self.account_query.descending)

    def action_reverse_sort(self) -> None:
        self._set_sort(self.account_query.sort, not self.account_query.descending)

    def action_import_rows(self) -> None:
        # Through the app: the wizard belongs to the exchange area, which this one never imports.
        self.app.open_tool("import")

    def action_export_rows(self) -> None:
        """Export the accounts as listed: the exchange area reads their ids in its worker."""
        service, query = self.app.service(AccountService), self.account_query
        self.app.open_tool("export", kind="accounts", ids=lambda: service.ids(query))

    def action_refresh_data(self) -> None:
        self.refresh_data()

    def action_new_account(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        initial = {"abc_class": "C", "layer": "watch", "status": "potential",
                   "lifecycle": "acquisition"}

        def opened(account_id: int | None) -> None:
            if account_id is not None:
                self.refresh_data()
                self._open_card(account_id)

        self.app.push_screen(RecordFormScreen("account", initial=initial), opened)

    def action_edit_account(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        current = self._current()
        if current is not None:
            self.app.push_screen(RecordFormScreen("account", record_id=current[0]),
                                 lambda _: self.refresh_data())

    def action_delete_account(self) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        current = self._current()
        if current is None:
            return
        account_id, name = current
        kind = self.app.t("kind.account")
        question = self.app.t("delete.q", kind=kind, name=fmt.literal(name, 80).plain)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(account_id, name)

        self.app.push_screen(ConfirmDialog(question, yes=self.app.t("verb.yes_delete")), confirmed)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.app.t
        yield SystemCommand(t("verb.new") + " · " + t("kind.account"), "n", self.action_new_account)
        yield SystemCommand(t("verb.search"), "/", self.action_focus_search)
        yield SystemCommand(t("verb.filter"), "f", self.action_focus_filters)
        yield SystemCommand(t("verb.clear_filters"), "x", self.action_clear_filters)
        for column in SORTABLE:
            yield SystemCommand(f"{t('verb.sort')}: {t('col.' + column)}", "o",
                                lambda column=column: self._set_sort(column, column == "pipeline"))

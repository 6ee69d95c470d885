"""Won and lost deals, latest first, paged from SQL; a closed deal can be reopened from here."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.containers import Horizontal
from textual.widgets import Header, Select, Static

from kam_tui.areas.pipeline.service import (
    WRITTEN,
    BoardQuery,
    ClosedFilter,
    ClosedRow,
    MoveRefused,
    PipelineService,
    ReasonSum,
)
from kam_tui.core.domain import vocab
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.paged_table import Column, PagedTable
from kam_tui.ui.kit.select_refill import refill_select
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter


CLOSED_SORTS = ("closed_at", "reason", "winner")


class ClosedOpportunitiesScreen(Localised, Screen):
    """The closed list: enter opens a deal, o puts it back on the board."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back"),
        Binding("o", "reopen", "Reopen", id="pipeline.reopen"),
        Binding("f", "focus_filters", "Filters", id="verb.filter"),
        Binding("s", "cycle_sort", "Sort", id="verb.sort"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        """The count and the first page."""

        count: int
        rows: list[ClosedRow]
        number: int
        sums: list[ReasonSum]

    @dataclass
    class WinnersLoaded(Message):
        """Who won the lost deals: the winner filter's values."""

        names: list[str]

    @dataclass
    class PageLoaded(Message):
        """One more page."""

        generation: int
        offset: int
        rows: list[ClosedRow]

    @dataclass
    class Reopened(Message):
        """A deal went back on the board (text says which), or was refused (error)."""

        text: str
        error: bool = False

    def __init__(self, service: PipelineService, query: BoardQuery | None = None) -> None:
        super().__init__()
        self.service = service
        self.board_query = query or BoardQuery()
        self.closed = ClosedFilter()
        self._titles: dict[int, str] = {}
        self._order = LoadOrder()

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Horizontal(id="closed-filters"):
            reasons: list[tuple[str, str]] = [*vocab.LostReason.options(self.lang),
                                              (t("pipeline.reason_written"), WRITTEN)]
            yield Select(reasons, id="closed-filter-reason", classes="closed-filter",
                         compact=True, prompt=f"{t('pipeline.filter_reason')}: {t('filter.any')}")
            yield Select([], id="closed-filter-winner", classes="closed-filter", compact=True,
                         prompt=f"{t('pipeline.filter_winner')}: {t('filter.any')}")
        yield Static(Text(t("pipeline.loading")), id="closed-status")
        yield PagedTable([
            Column("closed_at", t("pipeline.col_closed_at"), 10),
            Column("result", t("pipeline.col_result"), 8),
            Column("account", t("pipeline.col_account"), 14, priority=3),
            Column("title", t("pipeline.col_title"), 0, min_width=18),
            Column("amount", t("pipeline.col_amount"), 9, align="right", priority=1),
            Column("stage", t("pipeline.col_stage"), 10, priority=4),
            Column("winner", t("pipeline.col_winner"), 12, priority=2),
            Column("reason", t("pipeline.col_reason"), 0, min_width=14, priority=5),
        ], empty_text=t("pipeline.closed_empty"), id="closed-table")
        yield Static(id="closed-sums")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("pipeline.closed_title")
        self.query_one(PagedTable).focus()
        self._fetch()
        self._read_winners()

    def _fetch(self) -> None:
        self._read(self._order.next())

    @db_work(exclusive=True, group="closed-list")
    def _read(self, number: int) -> None:
        # A failure goes to the app's one error path; the list keeps what it shows.
        count, rows, sums = self.service.closed_list(self.board_query, self.closed,
                                                     PagedTable.PAGE_SIZE)
        self.post_message(self.Loaded(count, rows, number, sums))

    @db_work(group="closed-winners")
    def _read_winners(self) -> None:
        # On a failure the winner filter stays empty; the list itself still works.
        self.post_message(self.WinnersLoaded(self.service.closed_winners(self.board_query)))

    @db_work(group="closed-pages")
    def _fetch_page(self, generation: int, offset: int, limit: int) -> None:
        # On a failure the rows stay placeholders; ctrl+r reads again.
        rows = self.service.closed_page(self.board_query, offset, limit, self.closed)
        self.post_message(self.PageLoaded(generation, offset, rows))

    @db_work(group="closed-reopen")
    def _reopen(self, opportunity_id: int, title: str) -> None:
        try:
            self.service.reopen(opportunity_id)
        except MoveRefused as error:
            self.post_message(self.Reopened(self.t(f"pipeline.refused_{error.reason}"), True))
            return
        self.post_message(self.Reopened(self.t("pipeline.reopened",
                                               title=fmt.literal(title, 60).plain)))

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """A reopen broke (the app tells the rep): read the list again to show the truth.

        A failed read is not read again here (that could loop); ctrl+r reads again.
        """
        if name == "_reopen":
            self._fetch()
        return False

    def _row(self, row: ClosedRow) -> tuple[object, tuple[str | Text, ...]]:
        lang = self.app.lang  # type: ignore[attr-defined]
        self._titles[row.id] = row.title
        result = (Text(self.t("pipeline.won_mark"), style="green") if row.status == "won"
                  else Text(self.t("pipeline.lost_mark"), style="red"))
        stage = vocab.stage(row.stage)
        return row.id, (
            fmt.day(row.closed_at.date() if row.closed_at else None), result,
            fmt.literal(row.account, 80), fmt.literal(row.title, 200),
            fmt.amount(row.amount, lang), f"{stage.number} {stage.label(lang)}",
            fmt.literal(vocab.winner_text(row.lost_to, lang), 80),
            fmt.literal(vocab.label_or_text(vocab.LostReason, row.lost_reason, lang), 200))

    def _sums(self, sums: list[ReasonSum]) -> Text:
        """The shown deals' count and amount per reason (won deals as one)."""
        lang = self.app.lang  # type: ignore[attr-defined]
        text = Text(" " + self.t("pipeline.closed_sums"), style="bold")
        for part in sums:
            label = (self.t("pipeline.won_sum") if part.status == "won"
                     else vocab.label_or_text(vocab.LostReason, part.reason, lang)
                     or self.t("pipeline.col_empty"))
            text.append("  ")
            text.append(fmt.literal(self.t("pipeline.closed_sum", label=label, count=part.count,
                                           amount=fmt.amount(part.amount, lang)), 120))
        return text
    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if not self._order.accept(message.number):
            return  # a read started before a reopen landed; the newer list is shown
        self.query_one(PagedTable).reset(message.count, [self._row(r) for r in message.rows],
                                         keep_cursor=True)
        status = " " + self.t("pipeline.closed_count", count=message.count)
        if self.closed.sort != "closed_at":
            column = self.t(f"pipeline.col_{self.closed.sort}")
            status += " · " + self.t("pipeline.sorted", column=column,
                                     arrow="▼" if self.closed.descending else "▲")
        self.query_one("#closed-status", Static).update(Text(status))
        self.query_one("#closed-sums", Static).update(self._sums(message.sums)
                                                     if message.sums else Text(""))

    @on(WinnersLoaded)
    def _winners_loaded(self, message: WinnersLoaded) -> None:
        lang = self.app.lang  # type: ignore[attr-defined]
        refill_select(self.query_one("#closed-filter-winner", Select),
                      [(fmt.literal(vocab.winner_text(name, lang), 60), name)
                       for name in message.names])

    @on(Select.Changed, ".closed-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("closed-filter-")
        value = "" if event.value is Select.NULL else str(event.value)
        if getattr(self.closed, key) != value:
            self.closed = replace(self.closed, **{key: value})
            self._fetch()

    def _set_sort(self, column: str, descending: bool) -> None:
        table = self.query_one(PagedTable)
        table.sorted_column = "" if column == "closed_at" else column
        table.sort_descending = descending
        self.closed = replace(self.closed, sort=column, descending=descending)
        self._fetch()

    @on(PagedTable.HeaderClicked)
    def _header_clicked(self, message: PagedTable.HeaderClicked) -> None:
        if message.column not in CLOSED_SORTS:
            return
        descending = message.column == self.closed.sort and not self.closed.descending
        self._set_sort(message.column, descending)

    def action_cycle_sort(self) -> None:
        index = (CLOSED_SORTS.index(self.closed.sort) + 1) % len(CLOSED_SORTS)
        self._set_sort(CLOSED_SORTS[index], False)

    def action_focus_filters(self) -> None:
        self.query_one("#closed-filter-reason", Select).focus()

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        self.query_one(PagedTable).add_page(message.generation, message.offset,
                                            [self._row(r) for r in message.rows])

    @on(PagedTable.PageWanted)
    def _page_wanted(self, message: PagedTable.PageWanted) -> None:
        self._fetch_page(message.generation, message.offset, message.limit)

    @on(PagedTable.RowChosen)
    def _chosen(self, message: PagedTable.RowChosen) -> None:
        from kam_tui.areas.pipeline.ui.opportunity_screen import OpportunityScreen

        self.app.push_screen(OpportunityScreen(int(message.key), self.service),  # type: ignore[arg-type]
                             lambda _: self._fetch())

    @on(Reopened)
    def _reopened(self, message: Reopened) -> None:
        self.notify(message.text, severity="error" if message.error else "information",
                    markup=False)
        self._fetch()

    def refresh_data(self) -> None:
        """Reload the list after data changed."""
        self._fetch()

    def action_refresh_data(self) -> None:
        self._fetch()

    def action_back(self) -> None:
        self.dismiss()

    def action_reopen(self) -> None:
        key = self.query_one(PagedTable).cursor_key
        if key is not None:
            self._reopen(int(key), self._titles.get(int(key), ""))  # type: ignore[call-overload]

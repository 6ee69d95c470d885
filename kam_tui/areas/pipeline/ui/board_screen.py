"""The pipeline board (销售漏斗): six stages, totals in SQL, cards moved by keys or the mouse."""

from __future__ import annotations

import functools
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.service import (
    BoardQuery,
    BoardStats,
    CardRow,
    MoveRefused,
    PipelineService,
)
from kam_tui.areas.pipeline.ui.board import PipelineBoard
from kam_tui.areas.pipeline.ui.board_actions import WORKERS, BoardActions
from kam_tui.areas.pipeline.ui.board_messages import (
    BoardLoaded,
    Done,
    Failed,
    Moved,
    OptionsLoaded,
    PageLoaded,
)
from kam_tui.areas.pipeline.ui.headline import headline
from kam_tui.areas.pipeline.ui.move_queue import MoveQueue
from kam_tui.core.domain import vocab
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.select_refill import refill_select
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter

FILTERS = ("owner", "abc_class", "region", "close_month")
FILTER_LABELS = {"owner": "pipeline.filter_owner", "abc_class": "pipeline.filter_class",
                 "region": "pipeline.filter_region", "close_month": "pipeline.filter_month"}


class PipelineScreen(BoardActions, Localised, Screen):
    """The pipeline area's base screen: the board, its headline, search and filters."""

    BINDINGS = [
        Binding("w", "won", "Won", id="pipeline.won_key"),
        Binding("l", "lost", "Lost", id="pipeline.lost_key"),
        Binding("n", "new", "New", id="verb.new"),
        Binding("e", "edit", "Edit", id="verb.edit"),
        # After New and Edit: at 80 columns those stay in the Footer, the picker is in ? help.
        Binding("s", "stage_pick", "Stage…", id="pipeline.stage_key"),
        Binding("d", "delete", "Delete", id="verb.delete"),
        Binding("u,ctrl+z", "app.undo", "Undo", id="verb.undo", key_display="u"),
        Binding("c", "closed", "Closed", id="pipeline.closed_key"),
        Binding("slash", "focus_search", "Search", id="verb.search", key_display="/"),
        Binding("f", "focus_filters", "Filters", id="verb.filter"),
        Binding("ctrl+e", "export_deals", "Export…", id="tool.export"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="verb.clear_filters"),
        Binding("p", "cycle_period", "Period", show=False, id="pipeline.period_key"),
        Binding("t", "stall_days", "Stall days", show=False, id="pipeline.stall_key"),
        Binding("escape", "focus_board", "Board", show=False, id="pipeline.board_key"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.board_query = BoardQuery()
        self._stats: BoardStats | None = None
        self._moves = MoveQueue()  # one move at a time; a reload meanwhile waits for it
        # A reload that started before a move must not paint the board as it was.
        self._order = LoadOrder()

    @property
    def service(self) -> PipelineService:
        """Return the app's one PipelineService."""
        return self.app.service(PipelineService)  # type: ignore[attr-defined]

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.t("pipeline.loading")), id="pipeline-headline")
        with Horizontal(id="pipeline-filters"):
            yield CleanInput(placeholder=self.t("pipeline.search_placeholder"), id="pipeline-search",
                        compact=True)
            for key in FILTERS:
                options = vocab.AbcClass.options(self.lang) if key == "abc_class" else []
                yield Select(options, prompt=f"{self.t(FILTER_LABELS[key])}: "
                             f"{self.t('filter.any')}", id=f"pipeline-filter-{key}",
                             classes="pipeline-filter", compact=True)
        yield PipelineBoard(self.t, self.lang, self.app.today(),  # type: ignore[attr-defined]
                            id="pipeline-board")
        yield FittingFooter()

    @property
    def board(self) -> PipelineBoard:
        """Return the board widget."""
        return self.query_one(PipelineBoard)

    def on_resize(self) -> None:
        # Under 100 columns the search gives the four filters room to show their values.
        self.query_one("#pipeline-filters").set_class(self.size.width < 100, "-narrow")

    def on_mount(self) -> None:
        self.query_one("#pipeline-filters").set_class(self.size.width < 100, "-narrow")
        self.title = self.t("app.title")
        self.sub_title = ("DEMO · " if getattr(self.app, "demo", False) else "") + self.t(
            "area.pipeline")
        self.board.focus()
        self._reload()
        self._fetch_options()

    def on_screen_resume(self) -> None:
        if self.board.loaded:
            self._reload()

    def help_notes(self) -> list[str]:
        """Lines the help screen adds under this screen's keys."""
        return [self.t("pipeline.help_symbols"), self.t("pipeline.help_gaps"),
                self.t("pipeline.help_drag")]

    # --- workers -----------------------------------------------------------------------------

    def _windows(self) -> dict[int, tuple[int, int]]:
        return {stage: self.board.window(stage) for stage in rules.STAGE_NUMBERS}

    def _reload(self, focus_id: int | None = None) -> None:
        if self._moves.moving:
            # A read now could see the board from before the move; read once it has landed.
            self._moves.hold_reload(focus_id)
            return
        self._fetch_board(self.board_query, self._windows(), focus_id, self._order.next())

    def refresh_data(self) -> None:
        """Reload the figures and the visible cards after data changed."""
        self._reload()

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """A move or change broke (the app tells the rep): end it and show the truth.

        A failed read is not retried here: the board keeps what it shows and ctrl+r reads again.
        """
        if name == "_move" or name in WORKERS:
            self._moves.clear()
            self._reload()
        return False

    @db_work(group="pipeline-board")
    def _fetch_board(self, query: BoardQuery, windows: dict[int, tuple[int, int]],
                     focus_id: int | None, seq: int) -> None:
        service = self.service
        located = service.locate(query, focus_id) if focus_id is not None else None
        if located is not None:
            stage, index = located
            windows[stage] = (index - index % PipelineBoard.PAGE_SIZE,
                              PipelineBoard.PAGE_SIZE * 2)
        stats = service.stats(query)
        pages = {stage: (offset, service.column_page(query, stage, offset, limit))
                 for stage, (offset, limit) in windows.items()}
        self.post_message(BoardLoaded(query, stats, pages, located, seq))

    @db_work(group="pipeline-pages")
    def _fetch_page(self, query: BoardQuery, stage: int, generation: int, offset: int,
                    limit: int) -> None:
        rows = self.service.column_page(query, stage, offset, limit)
        self.post_message(PageLoaded(query, stage, generation, offset, rows))

    @db_work(group="pipeline-move")
    def _move(self, query: BoardQuery, card: CardRow, to_stage: int, before_id: int | None,
              after_id: int | None, note: str, from_window: tuple[int, int], seq: int,
              shown: BoardStats | None) -> None:
        # One call: the move and the pages of the columns it touched, in one transaction.
        windows = {card.stage: from_window} if card.stage != to_stage else {}
        try:
            result = self.service.move(query, card.id, to_stage, expected_stage=card.stage,
                                       before_id=before_id, after_id=after_id, note=note,
                                       shown=shown, windows=windows,
                                       landing_page=PipelineBoard.PAGE_SIZE)
        except MoveRefused as error:
            self.post_message(Failed(self.t(f"pipeline.refused_{error.reason}"), "warning"))
            return
        self.post_message(Moved(query, result, seq))

    @db_work(group="pipeline-options")
    def _fetch_options(self) -> None:
        self.post_message(OptionsLoaded(self.service.filter_options()))

    # --- messages ----------------------------------------------------------------------------

    @on(BoardLoaded)
    def _board_loaded(self, message: BoardLoaded) -> None:
        if message.query != self.board_query or not self._order.accept(message.seq):
            return  # the rep typed on, or a move landed since: a newer picture is shown
        self._stats = message.stats
        self.board.load(message.stats, message.pages)
        if message.focus is not None:
            self.board.set_focus(*message.focus)
        self._update_headline()

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.query == self.board_query:
            self.board.add_page(message.stage, message.generation, message.offset, message.rows)

    @on(PipelineBoard.PageWanted)
    def _page_wanted(self, message: PipelineBoard.PageWanted) -> None:
        self._fetch_page(self.board_query, message.stage, message.generation, message.offset,
                         message.limit)

    @on(Moved)
    def _moved(self, message: Moved) -> None:
        result = message.result
        if message.query != self.board_query or not self._order.accept(message.seq):
            self._moves.clear()
            self._reload(focus_id=result.opportunity_id)
            return
        self._stats = result.stats
        self.board.load(result.stats, result.pages)
        self.board.set_focus(result.to_stage, result.index)
        self._update_headline()
        if result.from_stage != result.to_stage:
            stage = vocab.stage(result.to_stage)
            self.notify(self.t("pipeline.moved", stage=stage.label(self.lang)), timeout=2)
        held, focus_id = self._moves.landed()
        if held:
            self._reload(focus_id=focus_id)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._moves.clear()
        self.notify(message.text, severity=message.severity, markup=False)  # type: ignore[arg-type]
        self._reload()

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.text:
            self.notify(message.text, markup=False)
        if message.deleted is not None:
            self.app.remember_deleted("opportunity", *message.deleted)  # type: ignore[attr-defined]
        if message.closed is not None:
            opportunity_id, title = message.closed
            self.app.remember_undo(  # type: ignore[attr-defined]
                "opportunity", opportunity_id, title,
                functools.partial(self.service.reopen, opportunity_id))
        self._reload(focus_id=message.focus_id)
        self._fetch_options()

    @on(OptionsLoaded)
    def _options_loaded(self, message: OptionsLoaded) -> None:
        for key in ("owner", "region", "close_month"):
            refill_select(self.query_one(f"#pipeline-filter-{key}", Select),
                          message.options.get(key, []))

    # --- moving ------------------------------------------------------------------------------

    @on(PipelineBoard.MoveRequested)
    def _move_requested(self, message: PipelineBoard.MoveRequested) -> None:
        self._ask_move(message.card, message.to_stage, message.before_id, message.after_id)

    def _ask_move(self, card: CardRow, to_stage: int, before_id: int | None = None,
                  after_id: int | None = None) -> None:
        """Move a card as keys, the stage picker and drags all do: forward moves confirm first."""
        if self._moves.moving:
            return
        if rules.needs_confirmation(card.stage, to_stage):
            from kam_tui.areas.pipeline.ui.dialogs.advance_dialog import AdvanceDialog

            def confirmed(note: str | None) -> None:
                if note is not None:
                    self._start_move(card, to_stage, before_id, after_id, note)

            self.app.push_screen(AdvanceDialog(card.title, card.account, card.stage,
                                               to_stage), confirmed)
            return
        self._start_move(card, to_stage, before_id, after_id, "")

    def _start_move(self, card: CardRow, to_stage: int, before_id: int | None,
                    after_id: int | None, note: str) -> None:
        self._moves.start()
        # The shown figures are updated by the moved card's share only when they answer the
        # newest read; while a reload is on its way the move re-totals them instead.
        shown = self._stats if self._order.settled() else None
        self._move(self.board_query, card, to_stage, before_id, after_id, note,
                   self.board.window(card.stage), self._order.next(), shown)

    @on(PipelineBoard.DropCancelled)
    def _drop_cancelled(self) -> None:
        self.notify(self.t("pipeline.drop_cancelled"), severity="warning", timeout=3)

    @on(PipelineBoard.CardChosen)
    def _card_chosen(self, message: PipelineBoard.CardChosen) -> None:
        self._open(message.card.id)

    def _open(self, opportunity_id: int) -> None:
        from kam_tui.areas.pipeline.ui.opportunity_screen import OpportunityScreen

        self.app.push_screen(OpportunityScreen(opportunity_id, self.service))

    def show_record(self, opportunity_id: int | None = None, account_id: int | None = None,
                    **_: object) -> None:
        """Open a deal's view, or show one account's deals, when another area asks."""
        if account_id is not None and opportunity_id is None:
            self.board_query = BoardQuery(account_id=account_id)
            self._reload()
            self._update_headline()
        if opportunity_id is not None:
            self._open(opportunity_id)

    # --- search and filters ------------------------------------------------------------------

    @on(Input.Changed, "#pipeline-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(replace(self.board_query, search=event.value))

    @on(Input.Submitted, "#pipeline-search")
    def _search_submitted(self) -> None:
        self.board.focus()

    @on(Select.Changed, ".pipeline-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("pipeline-filter-")
        value = None if event.value is Select.NULL else event.value
        if key == "owner":
            self._set_query(replace(self.board_query, owner_id=value))
        else:
            self._set_query(replace(self.board_query, **{key: value or ""}))

    def _set_query(self, query: BoardQuery) -> None:
        if query != self.board_query:
            self.board_query = query
            for stage in rules.STAGE_NUMBERS:
                self.board.columns[stage].top = 0
            self.board.set_focus(self.board.focus_stage, 0)
            self._reload()

    def _update_headline(self) -> None:
        if self._stats is not None:
            self.query_one("#pipeline-headline", Static).update(headline(
                self._stats, self.t, self.lang, self.board_query != BoardQuery()))

    # --- actions -----------------------------------------------------------------------------

    def action_focus_board(self) -> None:
        self.board.focus()

    def action_focus_search(self) -> None:
        self.query_one("#pipeline-search", Input).focus()

    def action_focus_filters(self) -> None:
        self.query_one("#pipeline-filter-owner", Select).focus()

    def action_clear_filters(self) -> None:
        for key in FILTERS:
            self.query_one(f"#pipeline-filter-{key}", Select).clear()
        self.query_one("#pipeline-search", Input).value = ""
        self._set_query(BoardQuery())
        self._update_headline()

    def action_export_deals(self) -> None:
        """Export the open deals the board shows; the exchange area reads their ids."""
        service, query = self.service, self.board_query
        self.app.open_tool("export", kind="opportunities",  # type: ignore[attr-defined]
                           ids=lambda: service.ids(query))

    def action_refresh_data(self) -> None:
        self.refresh_data()
        self._fetch_options()

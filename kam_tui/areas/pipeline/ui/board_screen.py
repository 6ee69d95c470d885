"""The pipeline board (销售漏斗): six stages, totals in SQL, cards moved by keys or the mouse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.service import (
    BoardQuery,
    BoardStats,
    CardRow,
    MoveRefused,
    MoveResult,
    PipelineService,
)
from kam_tui.areas.pipeline.ui.board import PipelineBoard
from kam_tui.core.domain import vocab
from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised

FILTERS = ("owner", "abc_class", "region", "close_month")
FILTER_LABELS = {"owner": "pipeline.filter_owner", "abc_class": "pipeline.filter_class",
                 "region": "pipeline.filter_region", "close_month": "pipeline.filter_month"}
Pages = dict[int, tuple[int, list[CardRow]]]


class PipelineScreen(Localised, Screen):
    """The pipeline area's base screen: the board, its headline, search and filters."""

    BINDINGS = [
        Binding("w", "won", "Won", id="pipeline.won_key"),
        Binding("l", "lost", "Lost", id="pipeline.lost_key"),
        Binding("n", "new", "New", id="verb.new"),
        Binding("e", "edit", "Edit", id="verb.edit"),
        Binding("d", "delete", "Delete", id="verb.delete"),
        Binding("u,ctrl+z", "app.undo", "Undo", id="verb.undo", key_display="u"),
        Binding("c", "closed", "Closed", id="pipeline.closed_key"),
        Binding("slash", "focus_search", "Search", id="verb.search", key_display="/"),
        Binding("f", "focus_filters", "Filters", id="verb.filter"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="verb.clear_filters"),
        Binding("p", "cycle_period", "Period", show=False, id="pipeline.period_key"),
        Binding("t", "stall_days", "Stall days", show=False, id="pipeline.stall_key"),
        Binding("escape", "focus_board", "Board", show=False, id="pipeline.board_key"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    @dataclass
    class BoardLoaded(Message):
        """Figures and the visible pages of every column, and where a wanted card sits."""

        query: BoardQuery
        stats: BoardStats
        pages: Pages
        focus: tuple[int, int] | None
        seq: int

    @dataclass
    class PageLoaded(Message):
        """One page of one column."""

        query: BoardQuery
        stage: int
        generation: int
        offset: int
        rows: list[CardRow]

    @dataclass
    class Moved(Message):
        """A move landed: new figures, and fresh pages of the columns it touched."""

        query: BoardQuery
        result: MoveResult
        pages: Pages
        seq: int

    @dataclass
    class Failed(Message):
        """A service call was refused or broke; the board reloads to show the truth."""

        text: str
        severity: str = "error"

    @dataclass
    class Done(Message):
        """A change landed (won, lost, deleted, created…); say so and reload."""

        text: str
        focus_id: int | None = None
        deleted: tuple[int, str] | None = None

    @dataclass
    class OptionsLoaded(Message):
        """The owner, region and close-month filter values."""

        options: dict[str, list[tuple[str, Any]]]

    def __init__(self) -> None:
        super().__init__()
        self.board_query = BoardQuery()
        self._service: PipelineService | None = None
        self._stats: BoardStats | None = None
        self._busy = False  # a move is on its way: further moves wait, so none is lost
        # A reload that started before a move must not paint the board as it was.
        self._order = LoadOrder()
        self._reload_after_move: int | None | bool = False

    @property
    def service(self) -> PipelineService:
        """Return the pipeline service, made on first use from the app's database and clock."""
        if self._service is None:
            self._service = PipelineService(self.app.db, self.app.today)  # type: ignore[attr-defined]
        return self._service

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.t("pipeline.loading")), id="pipeline-headline")
        with Horizontal(id="pipeline-filters"):
            yield Input(placeholder=self.t("pipeline.search_placeholder"), id="pipeline-search",
                        compact=True)
            for key in FILTERS:
                options = vocab.AbcClass.options(self.lang) if key == "abc_class" else []
                yield Select(options, prompt=f"{self.t(FILTER_LABELS[key])}: "
                             f"{self.t('filter.any')}", id=f"pipeline-filter-{key}",
                             classes="pipeline-filter", compact=True)
        yield PipelineBoard(self.t, self.lang, self.app.today(),  # type: ignore[attr-defined]
                            id="pipeline-board")
        yield Footer()

    @property
    def board(self) -> PipelineBoard:
        """Return the board widget."""
        return self.query_one(PipelineBoard)

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        localise_bindings(self.board, self.lang)
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
        return [self.t("pipeline.help_symbols"), self.t("pipeline.help_drag")]

    # --- workers -----------------------------------------------------------------------------

    def _windows(self) -> dict[int, tuple[int, int]]:
        return {stage: self.board.window(stage) for stage in rules.STAGE_NUMBERS}

    def _reload(self, focus_id: int | None = None) -> None:
        if self._busy:
            # A read now could see the board from before the move; read once it has landed.
            self._reload_after_move = focus_id if focus_id is not None else True
            return
        self._fetch_board(self.board_query, self._windows(), focus_id, self._order.next())

    def _move_finished(self) -> None:
        self._busy = False
        pending, self._reload_after_move = self._reload_after_move, False
        if pending is not False:
            self._reload(focus_id=None if pending is True else pending)

    def refresh_data(self) -> None:
        """Reload the figures and the visible cards after data changed."""
        self._reload()

    @db_work(group="pipeline-board")
    def _fetch_board(self, query: BoardQuery, windows: dict[int, tuple[int, int]],
                     focus_id: int | None, seq: int) -> None:
        # A failure goes to the app's one error path; the board keeps what it shows.
        service = self.service
        located = service.locate(query, focus_id) if focus_id is not None else None
        if located is not None:
            stage, index = located
            windows[stage] = (index - index % PipelineBoard.PAGE_SIZE,
                              PipelineBoard.PAGE_SIZE * 2)
        stats = service.stats(query)
        pages = {stage: (offset, service.column_page(query, stage, offset, limit))
                 for stage, (offset, limit) in windows.items()}
        self.post_message(self.BoardLoaded(query, stats, pages, located, seq))

    @db_work(group="pipeline-pages")
    def _fetch_page(self, query: BoardQuery, stage: int, generation: int, offset: int,
                    limit: int) -> None:
        rows = self.service.column_page(query, stage, offset, limit)
        self.post_message(self.PageLoaded(query, stage, generation, offset, rows))

    @db_work(group="pipeline-move")
    def _move(self, query: BoardQuery, card: CardRow, to_stage: int, before_id: int | None,
              after_id: int | None, note: str, from_window: tuple[int, int], seq: int,
              shown: BoardStats | None) -> None:
        try:
            service = self.service
            result = service.move(query, card.id, to_stage, expected_stage=card.stage,
                                  before_id=before_id, after_id=after_id, note=note,
                                  shown=shown)
            index = result.index
            pages: Pages = {to_stage: (index - index % PipelineBoard.PAGE_SIZE, service.column_page(
                query, to_stage, index - index % PipelineBoard.PAGE_SIZE,
                PipelineBoard.PAGE_SIZE * 2))}
            if card.stage != to_stage:
                offset, limit = from_window
                pages[card.stage] = (offset, service.column_page(query, card.stage, offset, limit))
        except MoveRefused as error:
            self.post_message(self.Failed(self.t(f"pipeline.refused_{error.reason}"),
                                          "warning"))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Moved(query, result, pages, seq))

    @db_work(group="pipeline-close")
    def _won(self, card: CardRow, confirmed: bool) -> None:
        try:
            self.service.won(card.id, confirmed=confirmed)
        except MoveRefused as error:
            self.post_message(self.Failed(self.t(f"pipeline.refused_{error.reason}"), "warning"))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Done(self.t("pipeline.won_done", title=fmt.literal(
            card.title, 60).plain)))

    @db_work(group="pipeline-close")
    def _lost(self, card: CardRow, reason: str, winner: str, note: str) -> None:
        try:
            self.service.lost(card.id, reason=reason, winner=winner, note=note)
        except MoveRefused as error:
            self.post_message(self.Failed(self.t(f"pipeline.refused_{error.reason}"), "warning"))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Done(self.t("pipeline.lost_done", title=fmt.literal(
            card.title, 60).plain)))

    @db_work(group="pipeline-delete")
    def _delete(self, card: CardRow) -> None:
        try:
            self.service.delete(card.id)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Done("", deleted=(card.id, card.title)))

    @db_work(group="pipeline-settings")
    def _save_period(self, period: rules.Period) -> None:
        try:
            self.service.set_period(period)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Done(""))

    @db_work(group="pipeline-settings")
    def _save_stall_days(self, thresholds: dict[int, int]) -> None:
        try:
            self.service.set_stall_days(thresholds)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Done(self.t("pipeline.stall_saved")))

    @db_work(group="pipeline-options")
    def _fetch_options(self) -> None:
        try:
            options = self.service.filter_options()
        except Exception:  # noqa: BLE001 - the filters stay empty; the board still works
            return
        self.post_message(self.OptionsLoaded(options))

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
        self._busy = False
        if message.query != self.board_query or not self._order.accept(message.seq):
            self._reload_after_move = False
            self._reload(focus_id=result.opportunity_id)
            return
        self._stats = result.stats
        self.board.load(result.stats, message.pages)
        self.board.set_focus(result.to_stage, result.index)
        self._update_headline()
        if result.from_stage != result.to_stage:
            stage = vocab.stage(result.to_stage)
            self.notify(self.t("pipeline.moved", stage=stage.label(self.lang)), timeout=2)
        self._move_finished()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._busy = False
        self._reload_after_move = False
        self.notify(message.text, severity=message.severity, markup=False)  # type: ignore[arg-type]
        self._reload()

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.text:
            self.notify(message.text, markup=False)
        if message.deleted is not None:
            self.app.remember_deleted("opportunity", *message.deleted)  # type: ignore[attr-defined]
        self._reload(focus_id=message.focus_id)
        self._fetch_options()

    @on(OptionsLoaded)
    def _options_loaded(self, message: OptionsLoaded) -> None:
        for key in ("owner", "region", "close_month"):
            select = self.query_one(f"#pipeline-filter-{key}", Select)
            current = select.value
            options = message.options.get(key, [])
            select.set_options(options)
            if current in {value for _, value in options}:
                select.value = current

    # --- moving ------------------------------------------------------------------------------

    @on(PipelineBoard.MoveRequested)
    def _move_requested(self, message: PipelineBoard.MoveRequested) -> None:
        if self._busy:
            return
        card = message.card
        if rules.needs_confirmation(card.stage, message.to_stage):
            from kam_tui.areas.pipeline.ui.dialogs.advance_dialog import AdvanceDialog

            def confirmed(note: str | None) -> None:
                if note is not None:
                    self._start_move(card, message.to_stage, message.before_id,
                                     message.after_id, note)

            self.app.push_screen(AdvanceDialog(card.title, card.account, card.stage,
                                               message.to_stage), confirmed)
            return
        self._start_move(card, message.to_stage, message.before_id, message.after_id, "")

    def _start_move(self, card: CardRow, to_stage: int, before_id: int | None,
                    after_id: int | None, note: str) -> None:
        self._busy = True
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
        stats = self._stats
        if stats is None:
            return
        t = self.t
        lang = self.lang
        period = rules.PERIOD_LABELS[stats.period][1 if lang == "zh" else 0]
        line = Text(" ")
        line.append(t("pipeline.open", amount=fmt.amount(stats.open_amount, lang),
                      count=stats.open_count), style="bold")
        line.append(" · ")
        line.append(t("pipeline.forecast", amount=fmt.amount(stats.forecast, lang)),
                    style="bold")
        line.append(" · ")
        line.append("✓ " + t("pipeline.won", period=period, count=stats.won_count,
                             amount=fmt.amount(stats.won_amount, lang)))
        line.append(" · ")
        line.append("✗ " + t("pipeline.lost", count=stats.lost_count,
                             amount=fmt.amount(stats.lost_amount, lang)))
        if stats.stalled:
            line.append(" · ")
            line.append(t("pipeline.stalled_total", count=stats.stalled), style="bold")
        if self.board_query != BoardQuery():
            line.append(f"  ({t('pipeline.filtered')})", style="italic")
        self.query_one("#pipeline-headline", Static).update(line)

    # --- actions -----------------------------------------------------------------------------

    def _card(self) -> CardRow | None:
        card = self.board.focused_card
        return card

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

    def action_refresh_data(self) -> None:
        self.refresh_data()
        self._fetch_options()

    def action_cycle_period(self) -> None:
        periods = list(rules.Period)
        current = self._stats.period if self._stats else rules.Period.QUARTER
        self._save_period(periods[(periods.index(current) + 1) % len(periods)])

    def action_stall_days(self) -> None:
        from kam_tui.areas.pipeline.ui.dialogs.stall_dialog import PipelineStallDialog

        current = self._stats.stall_days if self._stats else dict(rules.DEFAULT_STALL_DAYS)

        def chosen(values: dict[int, int] | None) -> None:
            if values is not None:
                self._save_stall_days(values)

        self.app.push_screen(PipelineStallDialog(current), chosen)

    def action_won(self) -> None:
        card = self._card()
        if card is None:
            return
        if not rules.won_needs_confirmation(card.stage):
            self._won(card, False)
            return
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        question = self.t("pipeline.won_q", title=fmt.literal(card.title, 80).plain,
                          stage=vocab.stage(card.stage).label(self.lang))

        def answered(yes: bool | None) -> None:
            if yes:
                self._won(card, True)

        self.app.push_screen(ConfirmDialog(question, yes=self.t("pipeline.won_yes")), answered)

    def action_lost(self) -> None:
        card = self._card()
        if card is None:
            return
        from kam_tui.areas.pipeline.ui.dialogs.lost_dialog import LostDialog

        def answered(values: tuple[str, str, str] | None) -> None:
            if values is not None:
                self._lost(card, *values)

        self.app.push_screen(LostDialog(card.title, card.account), answered)

    def action_closed(self) -> None:
        from kam_tui.areas.pipeline.ui.closed_screen import ClosedOpportunitiesScreen

        self.app.push_screen(ClosedOpportunitiesScreen(self.service, self.board_query))

    def action_new(self) -> None:
        from kam_tui.areas.customers.ui.picker import AccountPickDialog
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        def saved(opportunity_id: int | None) -> None:
            if opportunity_id is not None:
                self.post_message(self.Done("", focus_id=opportunity_id))

        def picked(account_id: int | None) -> None:
            if account_id is None:
                return
            # quantity and amount are NOT NULL columns: an empty field would not save.
            form = RecordFormScreen("opportunity", parent_id=account_id,
                                    initial={"quantity": 0, "amount": 0})
            self.app.push_screen(form, saved)

        self.app.push_screen(AccountPickDialog(self.t("pipeline.pick_title")), picked)

    def action_edit(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        card = self._card()
        if card is not None:
            self.app.push_screen(RecordFormScreen("opportunity", record_id=card.id,
                                                  account_id=card.account_id),
                                 lambda _: self._reload())

    def action_delete(self) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        card = self._card()
        if card is None:
            return
        question = self.t("delete.q", kind=self.t("kind.opportunity"),
                          name=fmt.literal(card.title, 80).plain)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(card)

        self.app.push_screen(ConfirmDialog(question, yes=self.t("verb.yes_delete")), confirmed)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.t
        yield SystemCommand(t("pipeline.new_opportunity"), "n", self.action_new)
        yield SystemCommand(t("pipeline.closed_title"), "c", self.action_closed)
        card = self._card()
        if card is not None:
            name = fmt.literal(card.title, 40).plain
            yield SystemCommand(f"{t('pipeline.open_deal')}: {name}", "enter",
                                lambda: self._open(card.id))
            yield SystemCommand(f"{t('pipeline.won_key')}: {name}", "w", self.action_won)
            yield SystemCommand(f"{t('pipeline.lost_key')}: {name}", "l", self.action_lost)
            yield SystemCommand(f"{t('verb.edit')}: {name}", "e", self.action_edit)
            yield SystemCommand(f"{t('verb.delete')}: {name}", "d", self.action_delete)
        yield SystemCommand(t("verb.search"), "/", self.action_focus_search)
        yield SystemCommand(t("verb.filter"), "f", self.action_focus_filters)
        yield SystemCommand(t("verb.clear_filters"), "x", self.action_clear_filters)
        yield SystemCommand(t("pipeline.period_key"), "p", self.action_cycle_period)
        yield SystemCommand(t("pipeline.stall_key"), "t", self.action_stall_days)
        yield SystemCommand(t("verb.refresh"), "ctrl+r", self.action_refresh_data)

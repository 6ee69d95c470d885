"""One opportunity's own view: its fields, win rate, stage history, buying group, scorecard, contract."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.service import (
    MoveRefused,
    OpportunityDetail,
    PipelineService,
)
from kam_tui.areas.pipeline.queries.deal import CheckRow
from kam_tui.areas.pipeline.ui.deal_view import DealView
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter

class OpportunityScreen(Localised, Screen):
    """The deal's file; `e` edits it, `s` scores it, `r` sets its own win rate."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back"),
        Binding("e", "edit", "Edit", id="verb.edit"),
        Binding("s", "scorecard", "Scorecard", id="pipeline.scorecard_key"),
        Binding("r", "win_rate", "Win rate", id="pipeline.rate_key"),
        Binding("w", "won", "Won", id="pipeline.won_key"),
        Binding("l", "lost", "Lost", id="pipeline.lost_key"),
        Binding("o", "reopen", "Reopen", id="pipeline.reopen"),
        Binding("space", "toggle_check", "Tick item", id="pipeline.check_key"),
        Binding("a", "agreed", "Agreed", id="pipeline.agreed_key"),
        Binding("m", "relationship_map", "Relationship map", id="pipeline.map_key"),
        Binding("d", "delete", "Delete", show=False, id="verb.delete"),
        Binding("u,ctrl+z", "app.undo", "Undo", show=False, id="verb.undo", key_display="u"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        """The deal's view, or None when it is gone."""

        detail: OpportunityDetail | None
        number: int

    @dataclass
    class Saved(Message):
        """A change landed; say so (if there is something to say) and reload."""

        text: str
        closed: bool = False  # the deal was won or lost: u reopens it

    @dataclass
    class Failed(Message):
        """A change was refused: the deal changed elsewhere."""

        text: str

    @dataclass
    class Deleted(Message):
        """The deal was soft-deleted; the view closes and u brings it back."""

        name: str

    def __init__(self, opportunity_id: int, service: PipelineService | None = None) -> None:
        super().__init__()
        self.opportunity_id = opportunity_id
        self._service = service
        self.detail: OpportunityDetail | None = None
        self._order = LoadOrder()

    @property
    def service(self) -> PipelineService:
        """Return the service handed in, else the app's one PipelineService."""
        return self._service or self.app.service(PipelineService)  # type: ignore[attr-defined]

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.t("pipeline.loading")), id="opp-head")
        with VerticalScroll(id="opp-body"):
            with Horizontal(id="opp-columns"):
                with Vertical(classes="opp-column"):
                    yield Static(id="opp-fields", classes="opp-section")
                    yield Static(id="opp-history", classes="opp-section")
                with Vertical(classes="opp-column"):
                    yield Static(id="opp-roles", classes="opp-section")
                    yield Static(id="opp-scorecard", classes="opp-section")
                    yield Static(id="opp-contract-title", classes="opp-subtitle")
                    yield DataTable(id="opp-checks", cursor_type="row", show_header=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("pipeline.opp_title")
        table = self.query_one("#opp-checks", DataTable)
        table.add_column("", key="mark", width=2)
        table.add_column(self.t("pipeline.check_item"), key="item")
        table.add_column(self.t("pipeline.agreed_key"), key="agreed")
        self._narrow(self.size.width)
        self._load()

    def on_resize(self) -> None:
        self._narrow(self.size.width)
        if self.detail is not None:
            self.call_after_refresh(self._checklist, self.detail)  # cut to the new width

    def _narrow(self, width: int) -> None:
        self.query_one("#opp-columns").set_class(width < 110, "-stacked")

    def on_screen_resume(self) -> None:
        if self.detail is not None:
            self._load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if detail is None:
            return action in ("back", "refresh_data")
        if action in ("won", "lost"):
            return detail.status == "open"
        if action == "reopen":
            return detail.status != "open"
        if action == "relationship_map":
            return self.app.has_area("relationships")
        return True

    # --- data --------------------------------------------------------------------------------

    @db_work(exclusive=True, group="opportunity")
    def _fetch(self, number: int) -> None:
        # A failure goes to the app's one error path; the view keeps what it shows.
        self.post_message(self.Loaded(self.service.detail(self.opportunity_id), number))

    def _load(self) -> None:
        self._fetch(self._order.next())

    def refresh_data(self) -> None:
        """Reload the view after data changed."""
        self._load()

    @db_work(group="opportunity-save")
    def _call(self, call: Callable[[], object], done: str, closed: bool = False) -> None:
        try:
            call()
        except MoveRefused as error:
            self.post_message(self.Failed(self.t(f"pipeline.refused_{error.reason}")))
            return
        self.post_message(self.Saved(done, closed))

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """A change broke (the app tells the rep): read the deal again to show the truth.

        A failed read is not read again here (that could loop); ctrl+r reads again.
        """
        if name in ("_call", "_delete"):
            self._load()
        return False

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if not self._order.accept(message.number):
            return  # a read started before a change landed; the newer view is shown
        self.detail = message.detail
        self.refresh_bindings()
        if message.detail is None:
            self.query_one("#opp-head", Static).update(Text(self.t("pipeline.gone"),
                                                            style="bold"))
            return
        detail = message.detail
        view = DealView(self.t, self.lang, self.app.today(),  # type: ignore[attr-defined]
                        self.app.has_area("relationships"))  # type: ignore[attr-defined]
        self.query_one("#opp-head", Static).update(view.head(detail))
        self.query_one("#opp-fields", Static).update(view.fields(detail))
        self.query_one("#opp-history", Static).update(view.history(detail))
        self.query_one("#opp-roles", Static).update(view.relationship_summary(detail))
        self.query_one("#opp-scorecard", Static).update(view.scorecard(detail))
        self._checklist(detail)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.text:
            self.notify(message.text, markup=False)
        if message.closed and self.detail is not None:
            self.app.remember_undo(  # type: ignore[attr-defined]
                "opportunity", self.opportunity_id, self.detail.values["title"],
                functools.partial(self.service.reopen, self.opportunity_id))
        self._load()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", markup=False)
        self._load()

    def _checklist(self, detail: OpportunityDetail) -> None:
        done = sum(1 for check in detail.checks if check.done)
        title = Text(self.t("pipeline.sec_contract"), style="bold underline")
        title.append("  ")
        title.append(self.t("pipeline.check_count", done=done, total=len(detail.checks)),
                     style="dim")
        self.query_one("#opp-contract-title", Static).update(title)
        table = self.query_one("#opp-checks", DataTable)
        cursor = table.cursor_row
        table.clear()
        # Cut to the table's width with an ellipsis: a line cut at the edge hides that it is.
        width = max(table.size.width - 2 * 3 - 2 - 2, 20)  # each cell is padded by one a side
        item_width = max(min(width // 2, 40), 12)
        for check in detail.checks:
            label = check.standard.label(self.lang) if check.standard else check.item
            agreed = (Text(one_line(check.note, 300)) if check.note
                      else Text(self.t("pipeline.agreed_none"), style="dim"))
            table.add_row(Text("☑" if check.done else "☐"),
                          fmt.fit_cell(fmt.literal(label, 120), item_width),
                          fmt.fit_cell(agreed, max(width - item_width, 8)), key=check.item)
        if detail.checks:
            table.move_cursor(row=min(cursor, len(detail.checks) - 1))

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh_data(self) -> None:
        self._load()

    def action_edit(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.detail is not None:
            self.app.push_screen(RecordFormScreen("opportunity", record_id=self.opportunity_id,
                                                  account_id=self.detail.account_id),
                                 lambda _: self._load())

    def action_agreed(self) -> None:
        """Say what was agreed on the checklist item under the cursor, and whether it is settled."""
        from kam_tui.areas.pipeline.ui.dialogs.agreement_dialog import AgreementDialog

        check = self._current_check()
        if check is None:
            return
        label = check.standard.label(self.lang) if check.standard else check.item

        def answered(answer: tuple[str, bool] | None) -> None:
            if answer is not None:
                agreed, settled = answer
                self._call(lambda: self.service.set_contract_check(
                    self.opportunity_id, check.item, settled, agreed), "")

        self.app.push_screen(AgreementDialog(label, check.note, check.done), answered)

    def _current_check(self) -> CheckRow | None:
        """Return the checklist item under the table's cursor, or None when there is none."""
        detail = self.detail
        if detail is None or not detail.checks:
            return None
        table = self.query_one("#opp-checks", DataTable)
        return detail.checks[min(table.cursor_row, len(detail.checks) - 1)]

    def action_toggle_check(self) -> None:
        check = self._current_check()
        if check is None:
            return
        table = self.query_one("#opp-checks", DataTable)
        if self.focused is not table:
            table.focus()
        self._call(lambda: self.service.set_contract_check(self.opportunity_id, check.item,
                                                           not check.done), "")

    @on(DataTable.RowSelected, "#opp-checks")
    def _check_selected(self) -> None:
        self.action_toggle_check()

    def action_scorecard(self) -> None:
        from kam_tui.areas.pipeline.ui.dialogs.scorecard_dialog import (
            PipelineScorecardDialog,
        )

        detail = self.detail
        if detail is None:
            return

        def saved(result: tuple[dict[str, float], dict[str, dict[str, float]]] | None) -> None:
            if result is not None:
                weights, scores = result
                self._call(lambda: self.service.save_scorecard(self.opportunity_id, weights,
                                                               scores),
                           self.t("pipeline.sc_saved"))

        self.app.push_screen(PipelineScorecardDialog(detail.weights, detail.scores,
                                                     detail.competitors), saved)

    def action_win_rate(self) -> None:
        from kam_tui.areas.pipeline.ui.dialogs.win_rate_dialog import (
            PipelineWinRateDialog,
        )

        detail = self.detail
        if detail is None:
            return

        def saved(result: tuple[int | None, str] | None) -> None:
            if result is not None:
                rate, reason = result
                self._call(lambda: self.service.set_win_rate_override(self.opportunity_id, rate,
                                                                      reason),
                           self.t("pipeline.wr_saved"))

        self.app.push_screen(PipelineWinRateDialog(
            detail.stage, detail.values["win_rate_override"],
            detail.values["win_rate_override_reason"]), saved)

    def action_won(self) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        detail = self.detail
        if detail is None or detail.status != "open":
            return
        title = fmt.literal(detail.values["title"], 80).plain
        done = self.t("pipeline.won_done", title=title)
        question = self.t("pipeline.won_q" if rules.won_needs_confirmation(detail.stage)
                          else "pipeline.won_q_use", title=title,
                          stage=vocab.stage(detail.stage).label(self.lang))

        def answered(yes: bool | None) -> None:
            if yes:
                self._call(lambda: self.service.won(self.opportunity_id, confirmed=True), done,
                           closed=True)

        self.app.push_screen(ConfirmDialog(question, yes=self.t("pipeline.won_yes")), answered)

    def action_lost(self) -> None:
        from kam_tui.areas.pipeline.ui.dialogs.lost_dialog import LostDialog

        detail = self.detail
        if detail is None or detail.status != "open":
            return
        title = detail.values["title"]

        def answered(values: tuple[str, str, str] | None) -> None:
            if values is not None:
                reason, winner, note = values
                self._call(lambda: self.service.lost(self.opportunity_id, reason=reason,
                                                     winner=winner, note=note),
                           self.t("pipeline.lost_done", title=fmt.literal(title, 80).plain),
                           closed=True)

        self.app.push_screen(LostDialog(title, detail.account_short or detail.account_name,
                                        detail.competitors),
                             answered)

    def action_reopen(self) -> None:
        detail = self.detail
        if detail is None or detail.status == "open":
            return
        self._call(lambda: self.service.reopen(self.opportunity_id),
                   self.t("pipeline.reopened", title=fmt.literal(detail.values["title"],
                                                                 80).plain))

    def action_relationship_map(self) -> None:
        detail = self.detail
        if detail is not None and self.app.has_area("relationships"):
            self.app.action_go("relationships", account_id=detail.account_id,  # type: ignore[attr-defined]
                               opportunity_id=self.opportunity_id)

    def action_delete(self) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        detail = self.detail
        if detail is None:
            return
        name = detail.values["title"]
        question = self.t("delete.q", kind=self.t("kind.opportunity"),
                          name=fmt.literal(name, 80).plain)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(name)

        self.app.push_screen(ConfirmDialog(question, yes=self.t("verb.yes_delete")), confirmed)

    @db_work(group="opportunity-save")
    def _delete(self, name: str) -> None:
        self.service.delete(self.opportunity_id)
        self.post_message(self.Deleted(name))

    @on(Deleted)
    def _deleted(self, message: Deleted) -> None:
        self.app.remember_deleted("opportunity", self.opportunity_id,  # type: ignore[attr-defined]
                                  message.name)
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.t
        yield SystemCommand(t("verb.edit"), "e", self.action_edit)
        yield SystemCommand(t("pipeline.scorecard_key"), "s", self.action_scorecard)
        yield SystemCommand(t("pipeline.rate_key"), "r", self.action_win_rate)
        if self.detail is not None and self.detail.status == "open":
            yield SystemCommand(t("pipeline.won_key"), "w", self.action_won)
            yield SystemCommand(t("pipeline.lost_key"), "l", self.action_lost)
        elif self.detail is not None:
            yield SystemCommand(t("pipeline.reopen"), "o", self.action_reopen)
        yield SystemCommand(t("pipeline.agreed_key"), "a", self.action_agreed)
        yield SystemCommand(t("verb.delete"), "d", self.action_delete)

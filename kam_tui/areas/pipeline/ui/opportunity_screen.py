"""One opportunity's own view: its fields, win rate, stage history, buying group, scorecard, contract."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.service import (
    MoveRefused,
    OpportunityDetail,
    PipelineService,
)
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import OPPORTUNITY_FIELDS
from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised

LABELS = {spec.name: spec for spec in OPPORTUNITY_FIELDS}


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
        Binding("m", "relationship_map", "Relationship map", id="pipeline.map_key"),
        Binding("d", "delete", "Delete", show=False, id="verb.delete"),
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

    @dataclass
    class Failed(Message):
        """A change was refused or broke."""

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
        """Return the pipeline service, made on first use when none was handed in."""
        if self._service is None:
            self._service = PipelineService(self.app.db, self.app.today)  # type: ignore[attr-defined]
        return self._service

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
        yield Footer()

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.sub_title = self.t("pipeline.opp_title")
        table = self.query_one("#opp-checks", DataTable)
        table.add_column("", key="mark", width=2)
        table.add_column(self.t("pipeline.check_item"), key="item")
        self._narrow(self.size.width)
        self._load()

    def on_resize(self) -> None:
        self._narrow(self.size.width)

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
        try:
            detail = self.service.detail(self.opportunity_id)
        except Exception as error:  # noqa: BLE001 - an uncaught worker error would end the app
            self.post_message(self.Failed(self.t("error.db", error=error)))
            return
        self.post_message(self.Loaded(detail, number))

    def _load(self) -> None:
        self._fetch(self._order.next())

    def refresh_data(self) -> None:
        """Reload the view after data changed."""
        self._load()

    @db_work(group="opportunity-save")
    def _call(self, call: Callable[[], object], done: str) -> None:
        try:
            call()
        except MoveRefused as error:
            self.post_message(self.Failed(self.t(f"pipeline.refused_{error.reason}")))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
        self.post_message(self.Saved(done))

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
        self.query_one("#opp-head", Static).update(self._head(detail))
        self.query_one("#opp-fields", Static).update(self._fields(detail))
        self.query_one("#opp-history", Static).update(self._history(detail))
        self.query_one("#opp-roles", Static).update(self._relationship_summary(detail))
        self.query_one("#opp-scorecard", Static).update(self._scorecard(detail))
        self._checklist(detail)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.text:
            self.notify(message.text, markup=False)
        self._load()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", markup=False)
        self._load()

    # --- sections ----------------------------------------------------------------------------

    def _rate_text(self, detail: OpportunityDetail) -> Text:
        standard = vocab.stage(detail.stage).win_rate
        text = Text(self.t("pipeline.rate_standard", rate=standard))
        override = detail.values["win_rate_override"]
        if override is not None:
            text.append("  ·  ")
            text.append(self.t("pipeline.rate_own", rate=override, reason=fmt.literal(
                detail.values["win_rate_override_reason"], 200).plain), style="bold")
        return text

    def _status_text(self, detail: OpportunityDetail) -> Text:
        if detail.status == "won":
            return Text(self.t("pipeline.won_mark"), style="bold green")
        if detail.status == "lost":
            return Text(self.t("pipeline.lost_mark"), style="bold red")
        return Text(vocab.OpportunityStatus.label_of("open", self.lang))

    def _head(self, detail: OpportunityDetail) -> Text:
        lang = self.lang
        stage = vocab.stage(detail.stage)
        head = Text(fmt.literal(detail.values["title"], 200).plain, style="bold")
        head.append("  ·  ")
        head.append(fmt.literal(detail.account_short or detail.account_name, 80).plain)
        head.append("\n")
        head.append(f"{stage.number} {stage.label(lang)}", style="bold")
        head.append("  ·  ")
        head.append_text(self._status_text(detail))
        head.append("  ·  ")
        head.append_text(self._rate_text(detail))
        if detail.status == "open":
            head.append("\n")
            head.append(self.t("pipeline.f_in_stage") + ": " + self.t(
                "pipeline.days_long", days=detail.days_in_stage))
            if detail.stalled:
                head.append("  ")
                head.append(self.t("pipeline.stall_flag", limit=detail.stall_limit),
                            style="bold yellow")
        return head

    def _fields(self, detail: OpportunityDetail) -> RenderableType:
        lang = self.lang
        values = detail.values
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")

        def row(label: str, value: Text | str) -> None:
            grid.add_row(Text(label), value if isinstance(value, Text) else Text(value or "—"))

        row(self.t("pipeline.f_account"), fmt.literal(detail.account_name, 200))
        row(LABELS["product"].label(lang), fmt.literal(values["product"], 200))
        row(LABELS["quantity"].label(lang), f"{values['quantity'] or 0:,}")
        row(LABELS["amount"].label(lang), fmt.money(values["amount"]))
        rate = rules.win_rate(detail.stage, values["win_rate_override"])
        row(self.t("pipeline.f_weighted"), f"{fmt.money(rules.weighted_amount(values['amount'] or 0, rate))}"
            f"  ({rate}%{'*' if values['win_rate_override'] is not None else ''})")
        row(LABELS["expected_close"].label(lang), fmt.day(values["expected_close"]))
        row(LABELS["owner_id"].label(lang), fmt.literal(detail.owner_name, 80))
        action = fmt.due(values["next_action_date"], self.app.today())  # type: ignore[attr-defined]
        if values["next_action"]:
            action.append("  " + fmt.literal(values["next_action"], 300).plain)
        row(LABELS["next_action"].label(lang), action)
        if detail.status != "open":
            row(self.t("pipeline.f_closed"), fmt.day(values["closed_at"].date()
                                                    if values["closed_at"] else None))
        if detail.status == "lost":
            row(self.t("pipeline.f_lost"), fmt.literal(
                f"{values['lost_to']} — {values['lost_reason']}", 400))
        row(LABELS["notes"].label(lang), Text(fmt.literal(values["notes"], 2000).plain or "—"))
        return Group(Text(self.t("pipeline.sec_fields"), style="bold underline"), grid)

    def _history(self, detail: OpportunityDetail) -> RenderableType:
        lang = self.lang
        title = Text(self.t("pipeline.sec_history"), style="bold underline")
        if not detail.history:
            return Group(title, Text(self.t("pipeline.h_none"), style="dim"))
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1, overflow="fold")
        for change in detail.history[:50]:
            to = vocab.stage(change.to_stage)
            if change.to_status in ("won", "lost") and change.from_status == "open":
                what = Text(self.t("pipeline.h_closed", stage=to.label(lang),
                                   status=vocab.OpportunityStatus.label_of(change.to_status,
                                                                           lang)))
                what.stylize("bold")
            elif change.from_status in ("won", "lost"):
                what = Text(self.t("pipeline.h_reopened", stage=to.label(lang)))
            elif change.from_stage is None:
                what = Text(self.t("pipeline.h_created", stage=to.label(lang)))
            else:
                source = vocab.stage(change.from_stage)
                arrow = "→" if change.to_stage > change.from_stage else "← "
                what = Text(f"{source.number} {source.label(lang)} {arrow} "
                            f"{to.number} {to.label(lang)}")
            if change.note:
                what.append("  " + fmt.literal(change.note, 300).plain, style="italic")
            when = change.changed_at.date().isoformat() if change.changed_at else "—"
            table.add_row(Text(when), what)
        return Group(title, table)

    def _relationship_summary(self, detail: OpportunityDetail) -> RenderableType:
        """The buying group in brief, counted in SQL from the deal's roles.

        Hook for the relationship map area: it may later hand a richer summary; until then this
        shows coverage counts and the two warnings DOMAIN.md §3 asks for.
        """
        lang = self.lang
        roles = detail.roles
        lines: list[Text] = [Text(self.t("pipeline.sec_roles"), style="bold underline")]
        if not roles.people:
            lines.append(Text(self.t("pipeline.roles_none"), style="dim"))
        else:
            stance = roles.weight_by_stance
            lines.append(Text(self.t("pipeline.roles_summary", people=roles.people,
                                     total=roles.weight_total,
                                     support=stance.get("supporter", 0),
                                     oppose=stance.get("opponent", 0))))
            unassigned = self.t("pipeline.roles_unassigned")
            counts = ", ".join(f"{vocab.BuyingRole.label_of(role, lang) or unassigned} {count}"
                               for role, count in sorted(roles.by_role.items()))
            lines.append(Text(self.t("pipeline.roles_counts", roles=counts)))
            if roles.decision_maker_stances:
                stances = ", ".join(vocab.Stance.label_of(s, lang)
                                    for s in roles.decision_maker_stances)
                warn = "opponent" in roles.decision_maker_stances
                lines.append(Text(("⚠ " if warn else "") + self.t("pipeline.roles_decider",
                                                                  stance=stances),
                                  style="bold yellow" if warn else ""))
            else:
                lines.append(Text(self.t("pipeline.roles_no_decider"), style="bold yellow"))
            if not roles.has_coach:
                lines.append(Text(self.t("pipeline.roles_no_coach"), style="bold yellow"))
        if self.app.has_area("relationships"):
            lines.append(Text(self.t("pipeline.roles_map"), style="dim"))
        return Group(*lines)

    def _scorecard(self, detail: OpportunityDetail) -> RenderableType:
        lang = self.lang
        title = Text(self.t("pipeline.sec_scorecard") + "  (s)", style="bold underline")
        suppliers = [""] + [name for name in detail.scores if name]
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column(self.t("pipeline.sc_criterion"), overflow="ellipsis", no_wrap=True,
                         max_width=22)
        table.add_column(self.t("pipeline.sc_weight"), justify="right")
        for supplier in suppliers:
            name = self.t("pipeline.sc_us") if not supplier else fmt.literal(supplier, 12).plain
            table.add_column(Text(name), justify="right", no_wrap=True, overflow="ellipsis",
                             max_width=12)
        for criterion in vocab.ScoreCriterion:
            code = criterion.value
            weight = detail.weights.get(code)
            cells = [Text(criterion.label(lang)),
                     Text("—" if weight is None else f"{weight:.2f}")]
            for supplier in suppliers:
                score = detail.scores.get(supplier, {}).get(code)
                cells.append(Text("—" if score is None else f"{score:g}",
                                  style="" if score is not None else "dim"))
            table.add_row(*cells)
        totals = {supplier: rules.weighted_score(detail.weights, detail.scores.get(supplier, {}))
                  for supplier in suppliers}
        table.add_row(Text(self.t("pipeline.sc_total"), style="bold"),
                      Text(f"{sum(detail.weights.values()):.2f}", style="bold"),
                      *(Text(f"{totals[s]:.2f}", style="bold") for s in suppliers))
        lines: list[RenderableType] = [title, table]
        problem = rules.check_weights(detail.weights)
        if problem is not None:
            lines.append(Text("⚠ " + problem.message(lang), style="bold yellow"))
        if not detail.weights_saved:
            lines.append(Text(self.t("pipeline.sc_defaults"), style="dim"))
        if not detail.scores:
            lines.append(Text(self.t("pipeline.sc_none"), style="dim"))
        elif len(suppliers) > 1 and detail.scores.get(""):
            rival = max(suppliers[1:], key=lambda s: totals[s])
            gap = round(totals[""] - totals[rival], 2)
            name = fmt.literal(rival, 40).plain
            if gap >= 0:
                lines.append(Text("▲ " + self.t("pipeline.sc_lead", name=name, gap=f"{gap:.2f}"),
                                  style="green"))
            else:
                lines.append(Text("▼ " + self.t("pipeline.sc_behind", name=name,
                                                 gap=f"{-gap:.2f}"), style="bold red"))
        return Group(*lines)

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
        for check in detail.checks:
            label = check.standard.label(self.lang) if check.standard else check.item
            table.add_row(Text("☑" if check.done else "☐"), fmt.literal(label, 120),
                          key=check.item)
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

    def action_toggle_check(self) -> None:
        detail = self.detail
        table = self.query_one("#opp-checks", DataTable)
        if detail is None or not detail.checks:
            return
        check = detail.checks[min(table.cursor_row, len(detail.checks) - 1)]
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
        if not rules.won_needs_confirmation(detail.stage):
            self._call(lambda: self.service.won(self.opportunity_id), done)
            return
        question = self.t("pipeline.won_q", title=title,
                          stage=vocab.stage(detail.stage).label(self.lang))

        def answered(yes: bool | None) -> None:
            if yes:
                self._call(lambda: self.service.won(self.opportunity_id, confirmed=True), done)

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
                           self.t("pipeline.lost_done", title=fmt.literal(title, 80).plain))

        self.app.push_screen(LostDialog(title, detail.account_short or detail.account_name),
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
        try:
            self.service.delete(self.opportunity_id)
        except Exception as error:  # noqa: BLE001
            self.post_message(self.Failed(self.t("pipeline.error", error=error)))
            return
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
        yield SystemCommand(t("verb.delete"), "d", self.action_delete)

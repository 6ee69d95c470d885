"""What the rep does to a deal on the board besides moving it: close, edit, delete, settings."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.service import CardRow, MoveRefused
from kam_tui.areas.pipeline.ui.board_messages import Done, Failed
from kam_tui.core.domain import vocab
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.workers import db_work

# The workers of these actions; after one fails the board reloads to show the truth.
WORKERS = ("_won", "_lost", "_delete", "_save_period", "_save_stall_days")


class BoardActions:
    """The board screen's deal and settings actions, their workers and palette commands.

    Mixed into `PipelineScreen`, whose board, service, figures and reload these use.
    """

    def _card(self) -> CardRow | None:
        return self.board.focused_card

    # --- workers -----------------------------------------------------------------------------

    @db_work(group="pipeline-close")
    def _won(self, card: CardRow, confirmed: bool) -> None:
        try:
            self.service.won(card.id, confirmed=confirmed)
        except MoveRefused as error:
            self.post_message(Failed(self.t(f"pipeline.refused_{error.reason}"), "warning"))
            return
        self.post_message(Done(self.t("pipeline.won_done", title=fmt.literal(
            card.title, 60).plain), closed=(card.id, card.title)))

    @db_work(group="pipeline-close")
    def _lost(self, card: CardRow, reason: str, winner: str, note: str) -> None:
        try:
            self.service.lost(card.id, reason=reason, winner=winner, note=note)
        except MoveRefused as error:
            self.post_message(Failed(self.t(f"pipeline.refused_{error.reason}"), "warning"))
            return
        self.post_message(Done(self.t("pipeline.lost_done", title=fmt.literal(
            card.title, 60).plain), closed=(card.id, card.title)))

    @db_work(group="pipeline-delete")
    def _delete(self, card: CardRow) -> None:
        self.service.delete(card.id)
        self.post_message(Done("", deleted=(card.id, card.title)))

    @db_work(group="pipeline-settings")
    def _save_period(self, period: rules.Period) -> None:
        self.service.set_period(period)
        self.post_message(Done(""))

    @db_work(group="pipeline-settings")
    def _save_stall_days(self, thresholds: dict[int, int], quiet: dict[int, int]) -> None:
        self.service.set_stall_days(thresholds, quiet)
        self.post_message(Done(self.t("pipeline.stall_saved")))

    # --- actions -----------------------------------------------------------------------------

    def action_cycle_period(self) -> None:
        periods = list(rules.Period)
        current = self._stats.period if self._stats else rules.Period.QUARTER
        self._save_period(periods[(periods.index(current) + 1) % len(periods)])

    def action_stall_days(self) -> None:
        from kam_tui.areas.pipeline.ui.dialogs.stall_dialog import PipelineStallDialog

        current = self._stats.stall_days if self._stats else dict(rules.DEFAULT_STALL_DAYS)
        quiet = self._stats.quiet_days if self._stats else dict(rules.DEFAULT_QUIET_DAYS)

        def chosen(values: tuple[dict[int, int], dict[int, int]] | None) -> None:
            if values is not None:
                self._save_stall_days(*values)

        self.app.push_screen(PipelineStallDialog(current, quiet), chosen)

    def action_stage_pick(self) -> None:
        card = self._card()
        if card is None:
            return
        from kam_tui.areas.pipeline.ui.dialogs.stage_pick_dialog import StagePickDialog

        def picked(stage: int | None) -> None:
            if stage is None:
                return
            if stage == card.stage:
                self.notify(self.t("pipeline.stage_already",
                                   stage=vocab.stage(stage).label(self.lang)), timeout=3)
                return
            self._ask_move(card, stage)

        self.app.push_screen(StagePickDialog(card.title, card.account, card.stage), picked)

    def action_won(self) -> None:
        card = self._card()
        if card is None:
            return
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        # Closing is a big step even from Use: always asked, and u reopens the deal.
        question = self.t("pipeline.won_q" if rules.won_needs_confirmation(card.stage)
                          else "pipeline.won_q_use", title=fmt.literal(card.title, 80).plain,
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

        service = self.service
        self.app.push_screen(LostDialog(card.title, card.account,
                                        lambda: service.competitors(card.id)), answered)

    def action_closed(self) -> None:
        from kam_tui.areas.pipeline.ui.closed_screen import ClosedOpportunitiesScreen

        self.app.push_screen(ClosedOpportunitiesScreen(self.service, self.board_query))

    def action_new(self) -> None:
        from kam_tui.areas.customers.ui.picker import AccountPickDialog
        from kam_tui.areas.pipeline.ui.new_deal_form import NewDealForm

        # The new deal starts where the rep is looking; the form's stage field can change it.
        stage = self.board.focus_stage

        def saved(opportunity_id: int | None) -> None:
            if opportunity_id is not None:
                self.post_message(Done("", focus_id=opportunity_id))

        def picked(account_id: int | None) -> None:
            if account_id is not None:
                self.app.push_screen(NewDealForm(account_id, stage), saved)

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
            yield SystemCommand(f"{t('pipeline.stage_key')}: {name}", "s",
                                self.action_stage_pick)
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

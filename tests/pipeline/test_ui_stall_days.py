"""t on the board sets both stall limits per stage: days in the stage, days without contact."""

from __future__ import annotations

from textual.widgets import Input

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.settings import QUIET_SETTING, STALL_SETTING
from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.areas.pipeline.ui.dialogs.stall_dialog import PipelineStallDialog
from kam_tui.core.db.settings import get_setting
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, wait_for
from tests.helpers import add_account as account
from tests.helpers import add_deal as deal


async def test_t_sets_days_in_stage_and_days_without_contact(db):
    a = account("华通物流集团有限公司", short_name="华通物流")
    deal(a, "Quiet one", stage=5, days=20)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                       and app.screen.board.loaded)
        board = app.screen.board
        await wait_for(pilot, lambda: board.stats is not None and board.stats.stalled == 1)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineStallDialog))
        dialog = app.screen
        assert dialog.query_one("#quiet-5", Input).value == "14"
        dialog.query_one("#quiet-5", Input).value = "0"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Between 1 and" in str(
            dialog.query_one("#stall-5-error").render()))
        assert app.focused is dialog.query_one("#quiet-5", Input)  # the refused field
        dialog.query_one("#quiet-5", Input).value = "25"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: get_setting(QUIET_SETTING) == "45,30,30,21,25,30")
        assert get_setting(STALL_SETTING) == rules.format_stall_days(rules.DEFAULT_STALL_DAYS)
        # 20 days without contact is within Commit's new 25: the board no longer counts it.
        await wait_for(pilot, lambda: board.stats is not None and board.stats.stalled == 0)

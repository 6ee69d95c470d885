"""The app over a freshly generated demo database, frozen on 2026-11-23, opened on the board."""

from __future__ import annotations

from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from tests.helpers import wait_for
from tests.snapshot_apps.demo_app import build_app, settle

__all__ = ["build_app", "huatong_deal", "open_board", "settle"]


async def open_board(pilot) -> None:
    """Go to the pipeline area (key 2) and wait for the board."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                   and app.screen.board.loaded)
    await settle(pilot)


async def huatong_deal(pilot) -> None:
    """Show only 华通物流's deals and put the focus on the open one (Compare, the trade example)."""
    await open_board(pilot)
    board = pilot.app.screen.board
    await pilot.press("slash", *"htwl", "enter")
    await wait_for(pilot, lambda: board.stats is not None and board.stats.open_count == 1)
    await settle(pilot)
    await pilot.press("right", "right", "right")
    await wait_for(pilot, lambda: board.focused_card is not None
                   and board.focused_card.title.startswith("华通物流 2027"))
    await settle(pilot)

"""Snapshots of the closed list filtered by a lost reason, over seeded demo data, 2026-11-23.

The demo's lost deals carry reasons typed before the standard list; one more deal is lost here
through the dialog (Price, no one), so the filter shows a coded reason by its label and the sums
line adds up the shown deals.
"""

from __future__ import annotations

from kam_tui.areas.pipeline.ui.closed_screen import ClosedOpportunitiesScreen
from kam_tui.areas.pipeline.ui.dialogs.lost_dialog import LostDialog
from kam_tui.ui.kit.paged_table import PagedTable
from tests.helpers import wait_for
from tests.snapshot_apps.pipeline_app import build_app, open_board, settle

WIDE = (120, 40)
SMALL = (80, 24)


async def closed_by_price(pilot) -> None:
    app = pilot.app
    await open_board(pilot)
    await pilot.press("l")
    await wait_for(pilot, lambda: isinstance(app.screen, LostDialog))
    await settle(pilot)
    # Reason: the list's first (Price); winner: its last (no one); ctrl+s.
    await pilot.press("enter", "down", "enter", "tab", "enter", "end", "enter", "ctrl+s")
    await wait_for(pilot, lambda: not isinstance(app.screen, LostDialog))
    await settle(pilot)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, ClosedOpportunitiesScreen))
    await settle(pilot)
    await pilot.press("f", "enter", "down", "enter")  # the reason filter: Price
    await wait_for(pilot, lambda: app.screen.closed.reason == "price")
    await settle(pilot)
    await wait_for(pilot, lambda: app.screen.query_one(PagedTable).row_count == 1)
    app.clear_notifications()  # "Lost: …" would time out at its own pace
    await settle(pilot)


def test_closed_list_filtered_by_reason(snap_compare):
    assert snap_compare(build_app(), terminal_size=WIDE, run_before=closed_by_price)


def test_closed_list_filtered_by_reason_small_in_chinese(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=closed_by_price)

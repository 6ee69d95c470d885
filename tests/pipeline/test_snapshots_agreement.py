"""Snapshots of what was agreed on a checklist item (#15.16), over the seeded demo data."""

from __future__ import annotations

from tests.snapshot_apps.pipeline_app import build_app, huatong_deal, settle

WIDE = (120, 40)
SMALL = (80, 24)


async def _agreement(pilot) -> None:
    await huatong_deal(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.screen.query_one("#opp-checks").focus()
    await pilot.press("down", "a")  # the price
    await settle(pilot)
    await pilot.press(*"418,000 a unit incl. freight; registration by us")
    await settle(pilot)


def test_agreement_dialog(snap_compare):
    assert snap_compare(build_app(), terminal_size=WIDE, run_before=_agreement)


def test_agreement_dialog_small_in_chinese(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=_agreement)

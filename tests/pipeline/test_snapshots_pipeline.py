"""Snapshots of the pipeline area over seeded demo data, 2026-11-23, at fixed sizes."""

from __future__ import annotations

from tests.snapshot_apps.pipeline_app import build_app, huatong_deal, open_board, settle

WIDE = (120, 40)
SMALL = (80, 24)


def test_board(snap_compare):
    assert snap_compare(build_app(), terminal_size=WIDE, run_before=open_board)


def test_board_small_terminal_in_chinese(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=open_board)


def test_advance_dialog_skipping_a_stage(snap_compare):
    async def run(pilot):
        await open_board(pilot)
        await pilot.press("right")  # Brewing: its first card
        await pilot.press("shift+right")  # into Design: "the decision maker agreed…"
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_lost_dialog_with_errors(snap_compare):
    async def run(pilot):
        await open_board(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_opportunity_view(snap_compare):
    async def run(pilot):
        await huatong_deal(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_opportunity_view_small_in_chinese(snap_compare):
    async def run(pilot):
        await huatong_deal(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)


def test_scorecard_dialog_shows_why_weights_are_refused(snap_compare):
    async def run(pilot):
        await huatong_deal(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        pilot.app.screen.query_one("#sc-w-price").value = "0.1"
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_scorecard_dialog_small_in_chinese(snap_compare):
    """At 80×24 in Chinese the headers stand over their inputs and the five columns fit."""
    async def run(pilot):
        await huatong_deal(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("right")  # a rival's cell has the focus: the arrows move in the grid
        await settle(pilot)

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)


def test_closed_list(snap_compare):
    async def run(pilot):
        await open_board(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_stage_picker(snap_compare):
    async def run(pilot):
        await huatong_deal(pilot)  # in Compare: the picker marks it
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down")  # Commit, the next stage, highlighted
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_stage_picker_small_in_chinese(snap_compare):
    async def run(pilot):
        await huatong_deal(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)

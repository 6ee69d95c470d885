"""Snapshots of the revisit calendar over seeded demo data, 2026-11-23, fixed sizes."""

from __future__ import annotations

from textual.widgets import Input

from kam_tui.areas.calendar.ui.dialogs.complete_revisit_screen import (
    CompleteRevisitScreen,
)
from tests.snapshot_apps.calendar_app import build_app, open_calendar, settle

WIDE = (120, 40)
SMALL = (80, 24)


def test_month(snap_compare):
    async def run(pilot):
        await open_calendar(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_month_small_terminal_in_chinese(snap_compare):
    async def run(pilot):
        await open_calendar(pilot)

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)


def test_next_month_with_new_year(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "right_square_bracket")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_week(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "w")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_day(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "right", "enter")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_today_list(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "a")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_today_list_small_terminal_in_chinese(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "a")

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)


def test_today_list_with_marked_rows(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "a", "space", "down", "space", "space")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_today_list_with_marked_rows_in_chinese(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "a", "space", "down", "space", "space")

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)


def test_completion_form(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "a", "down", "x")  # the first is a card review: no form
        form = pilot.app.screen
        assert isinstance(form, CompleteRevisitScreen)
        await pilot.press(*"Checked the fleet's service log")
        next_day = form.field("next_step_date").editor
        assert isinstance(next_day, Input)
        next_day.value = "+2w"
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_reschedule_dialog(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "a", "r")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_export_dialog(snap_compare):
    async def run(pilot):
        await open_calendar(pilot, "i")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)

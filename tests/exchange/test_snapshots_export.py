"""Snapshots of the export dialog over the demo data, 80x24, both languages."""

from __future__ import annotations

import pytest

from tests.snapshot_apps.demo_app import build_app, settle

SMALL = (80, 24)
LANGS = ["en", "zh"]


@pytest.mark.parametrize("lang", LANGS)
def test_export_dialog_of_the_account_list(snap_compare, lang):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)

    assert snap_compare(build_app(lang), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_export_dialog_of_the_board_with_its_format_list_open(snap_compare, lang):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)

    assert snap_compare(build_app(lang), terminal_size=SMALL, run_before=run)

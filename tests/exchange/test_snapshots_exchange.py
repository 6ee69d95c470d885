"""Snapshots of every step of the import wizard over the demo data, 80x24, both languages."""

from __future__ import annotations

import pytest

from tests.snapshot_apps.exchange_app import build_app, settle, to_step

SMALL = (80, 24)
LANGS = ["en", "zh"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 6])
def test_import_wizard_step(snap_compare, step, lang):
    async def run(pilot):
        await to_step(pilot, step)

    assert snap_compare(build_app(lang), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_import_wizard_column_target_dialog(snap_compare, lang):
    async def run(pilot):
        await to_step(pilot, 3)
        await pilot.press("down", "down", "enter")
        await settle(pilot)

    assert snap_compare(build_app(lang), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_import_wizard_dry_run_report_skipping_refused(snap_compare, lang):
    async def run(pilot):
        await to_step(pilot, 6, skip_refused=True)

    assert snap_compare(build_app(lang), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("lang", LANGS)
def test_import_wizard_imported(snap_compare, lang):
    async def run(pilot):
        await to_step(pilot, 7, skip_refused=True)

    assert snap_compare(build_app(lang), terminal_size=SMALL, run_before=run)

"""Snapshots of the likely-duplicate question over seeded demo data, 2026-11-23, fixed sizes."""

from __future__ import annotations

from kam_tui.areas.customers.ui.duplicates_dialog import DuplicatesDialog
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import wait_for
from tests.snapshot_apps.demo_app import build_app, settle

WIDE = (120, 40)
SMALL = (80, 24)


def ask_about(*keys: str):
    """Press n, type the name, ctrl+s: the dialog of the accounts on file it looks like."""
    async def run(pilot):
        app = pilot.app
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded and app.focused is not None)
        await pilot.press(*keys, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DuplicatesDialog))
        await settle(pilot)

    return run


def test_likely_duplicate_question(snap_compare):
    assert snap_compare(build_app(), terminal_size=WIDE,
                        run_before=ask_about(*"northstar logistics co., ltd."))


def test_likely_duplicate_question_small_terminal_in_chinese(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=SMALL,
                        run_before=ask_about("吴", "伟", "space", "科", "技"))

"""Snapshots of the customer-card area over seeded demo data, 2026-11-23, fixed sizes."""

from __future__ import annotations

from textual.widgets import Input

from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.snapshot_apps.demo_app import build_app, open_card, open_form, settle

WIDE = (120, 40)
SMALL = (80, 24)


def test_account_list(snap_compare):
    assert snap_compare(build_app(), terminal_size=WIDE, run_before=settle)


def test_account_list_small_terminal_in_chinese(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=settle)


def test_search_by_pinyin_initials(snap_compare):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("/", *"wwkj")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_card_basics(snap_compare):
    async def run(pilot):
        await open_card(pilot, "wwkj")

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_card_contacts_in_chinese(snap_compare):
    async def run(pilot):
        await open_card(pilot, "huatong")
        await pilot.press("]", "]")
        await settle(pilot)

    assert snap_compare(build_app("zh"), terminal_size=WIDE, run_before=run)


def test_edit_form(snap_compare):
    async def run(pilot):
        await open_card(pilot, "northstar")
        await open_form(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_edit_form_validation_errors(snap_compare):
    async def run(pilot):
        await open_card(pilot, "northstar")
        await open_form(pilot)
        form = pilot.app.screen
        assert isinstance(form, RecordFormScreen)
        form.field("name").editor.value = ""
        date_editor = form.field("first_cooperation_date").editor
        assert isinstance(date_editor, Input)
        date_editor.value = "2026-02-30"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_discard_question(snap_compare):
    async def run(pilot):
        await open_card(pilot, "northstar")
        await open_form(pilot)
        await pilot.press("end", *" Ltd", "escape")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_delete_confirmation(snap_compare):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_suggestions_dialog(snap_compare):
    async def run(pilot):
        await open_card(pilot, "huatong")
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_help(snap_compare):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)

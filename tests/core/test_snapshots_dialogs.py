"""Snapshots of the pickers, dialogs and the person's file over seeded demo data, 2026-11-23."""

from __future__ import annotations

from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog
from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.areas.pipeline.ui.dialogs.stall_dialog import PipelineStallDialog
from kam_tui.areas.pipeline.ui.dialogs.win_rate_dialog import PipelineWinRateDialog
from kam_tui.areas.relationships.ui.dialogs.pick_dialog import RelationshipPickDialog
from kam_tui.areas.relationships.ui.dialogs.weight_dialog import (
    RelationshipWeightDialog,
)
from kam_tui.areas.relationships.ui.person_screen import PersonScreen
from kam_tui.core.db.records import load, save
from kam_tui.ui.forms.conflict_dialog import ConflictDialog
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import wait_for
from tests.snapshot_apps.calendar_app import open_calendar
from tests.snapshot_apps.demo_app import TODAY, build_app, open_card, open_form, settle
from tests.snapshot_apps.pipeline_app import huatong_deal, open_board
from tests.snapshot_apps.relationships_app import make_app, open_trade_example

WIDE = (120, 40)
SMALL = (80, 24)


async def _search_accounts(pilot, search: str) -> None:
    """Type into the open account picker and wait until its matches for that search are listed."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
    await pilot.press(*search)
    await wait_for(pilot, lambda: app.screen.shown_search == search)
    await settle(pilot)


async def _conflict_on_northstar(pilot) -> None:
    """Open Northstar's edit form, let someone else save it meanwhile, then save with ctrl+s."""
    await open_card(pilot, "northstar")
    await open_form(pilot)
    app = pilot.app
    form = app.screen
    assert isinstance(form, RecordFormScreen) and form.record_id is not None
    # Another instance changes the phone and the notes while this form is open.
    values, version = load("account", form.record_id)
    save("account", {**values, "phone": "021-5555 0199", "notes": "Moved to the Pudong depot"},
         today=TODAY, record_id=form.record_id, expected_version=version)
    await pilot.press("end", *" Ltd", "ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
    await settle(pilot)


async def _open_person(pilot) -> None:
    """Open 郑文斌's own file (the decision maker, first in the chart) from the map."""
    await open_trade_example(pilot)
    app = pilot.app
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen)
                   and app.screen.person is not None)
    await settle(pilot)


def test_account_picker_with_a_search(snap_compare):
    """Key 3 with no map viewed yet asks for an account; typing wl lists the six 物流 accounts."""

    async def run(pilot):
        await settle(pilot)
        await pilot.press("3")
        await _search_accounts(pilot, "wl")

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run)


def test_account_picker_for_a_new_deal_small_in_chinese(snap_compare):
    """At 80×24 in Chinese, n on the board asks for the new deal's account, filtered as typed."""

    async def run(pilot):
        await open_board(pilot)
        await pilot.press("n")
        await _search_accounts(pilot, "wl")

    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=run)


def test_person_file_with_the_personal_file_hidden(snap_compare):
    """A person's own file shows work, deal roles, ties and contacts, the personal file hidden."""
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=_open_person)


def test_person_file_with_the_personal_file_shown(snap_compare):
    """After p (and end) the private personal file is shown at the foot of the person's file."""

    async def run(pilot):
        await _open_person(pilot)
        app = pilot.app
        await pilot.press("p")
        await wait_for(pilot, lambda: app.screen.show_private)
        await pilot.press("end")
        scroll = app.screen.query_one("#person-scroll")
        await wait_for(pilot, lambda: scroll.max_scroll_y > 0
                       and scroll.scroll_y == scroll.max_scroll_y)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run)


def test_role_picker_starts_on_the_current_role(snap_compare):
    """r on 周建国 lists the buying roles, his current one (technical gatekeeper) highlighted."""

    async def run(pilot):
        await open_trade_example(pilot)
        app = pilot.app
        await pilot.press("down", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipPickDialog)
                       and "周建国" in app.screen.title_text)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run)


def test_weight_dialog_over_100(snap_compare):
    """w on 郑文斌, typing 25: the others hold 90%, so the 115% total is marked ✗ as typed."""

    async def run(pilot):
        await open_trade_example(pilot)
        app = pilot.app
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipWeightDialog))
        note = app.screen.query_one("#rel-weight-note")
        await pilot.press(*"25")  # replaces the selected 10
        await wait_for(pilot, lambda: "115%" in str(note.render()))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run)


def test_skip_dialog(snap_compare):
    """s on the Today list asks why the most overdue revisit (吴伟科技) is skipped."""

    async def run(pilot):
        await open_calendar(pilot, "a", "s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SkipDialog))
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_stall_days_dialog(snap_compare):
    """t on the board shows after how many days in each stage a deal counts as stalled."""

    async def run(pilot):
        await open_board(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PipelineStallDialog))
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_win_rate_dialog_asks_why(snap_compare):
    """r in 华通物流's deal with an own rate of 45% but no reason: the reason is asked for."""

    async def run(pilot):
        await huatong_deal(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app = pilot.app
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineWinRateDialog))
        await pilot.press(*"45", "enter", "ctrl+s")
        await wait_for(pilot, lambda: app.screen.query_one("#wr-reason-error")
                       .has_class("-shown"))
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)


def test_conflict_dialog(snap_compare):
    """Saving an account someone else saved meanwhile names the fields they changed, and asks."""
    assert snap_compare(build_app(), terminal_size=WIDE, run_before=_conflict_on_northstar)


def test_conflict_dialog_small_in_chinese(snap_compare):
    """At 80×24 in Chinese the conflict question, its fields and its three buttons stay in view."""
    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=_conflict_on_northstar)


def _draft_offer(lang: str):
    async def run(pilot) -> None:
        from datetime import datetime

        from kam_tui.ui.forms.draft_dialog import DraftDialog

        await settle(pilot)
        name = "Northstar Logistics" if lang == "en" else "华通物流集团有限公司"
        saved = datetime(2026, 11, 23, 14, 32)
        pilot.app.push_screen(DraftDialog(pilot.app.t("kind.account"), name,
                                          saved.timestamp(), datetime(2026, 11, 23, 16, 5)))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DraftDialog))
        await settle(pilot)
    return run


def test_draft_offer(snap_compare):
    assert snap_compare(build_app(), terminal_size=WIDE, run_before=_draft_offer("en"))


def test_draft_offer_small_in_chinese(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=SMALL, run_before=_draft_offer("zh"))


def test_form_over_an_invalid_stored_date(snap_compare):
    async def run(pilot) -> None:
        from kam_tui.core.db import models as m

        m.Account.update(first_cooperation_date="2026-02-30").where(
            m.Account.name.startswith("Northstar")).execute()
        await open_card(pilot, "northstar")
        await open_form(pilot)
        await pilot.press("ctrl+s")  # refused: the stored date must be corrected first
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=WIDE, run_before=run)

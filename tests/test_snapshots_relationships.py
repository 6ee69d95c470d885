"""Snapshots of the relationship map over the demo data: the map, its warnings, the person form."""

from __future__ import annotations

from kam_tui.ui.screens.account_pick_dialog import AccountPickDialog
from kam_tui.ui.screens.record_form_screen import RecordFormScreen
from kam_tui.ui.screens.relationship_screen import RelationshipScreen
from tests.snapshot_apps.relationships_app import make_app
from tests.test_ui_customers import wait_for


async def _open_trade_example(pilot) -> None:
    """Key 3, then pick 华通物流 by its pinyin initials, as a rep would."""
    app = pilot.app
    await pilot.press("3")
    await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
    await pilot.press(*"htwl")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen)
                   and app.screen.map is not None)


def test_map_of_the_trade_example(snap_compare):
    """The org chart of DOMAIN.md §3: the decider against us, no coach, 20% support."""
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_open_trade_example)


def test_warnings_in_chinese_at_80_columns(snap_compare):
    """At 80×24 the coverage and its warnings stay in view under the chart, in Chinese."""
    assert snap_compare(make_app("zh"), terminal_size=(80, 24), run_before=_open_trade_example)


def test_decision_map_with_weights_over_100(snap_compare):
    """The decision map, after a weight that takes the group over 100%: an error, marked ✗."""

    async def run_before(pilot) -> None:
        await _open_trade_example(pilot)
        app = pilot.app
        await pilot.press("end", "w")  # 钱志刚 is last in the chart
        await wait_for(pilot, lambda: app.screen.id is None and not isinstance(
            app.screen, RelationshipScreen))
        await pilot.press(*"45", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen)
                       and app.screen.map.coverage.shares.total == 105)
        await pilot.press("v")

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_new_person_form_from_the_map(snap_compare):
    """n on a person opens the person form, reporting to them already."""

    async def run_before(pilot) -> None:
        await _open_trade_example(pilot)
        app = pilot.app
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        await pilot.press(*"Lin Hao")
        app.screen.focused.cursor_blink = False

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)

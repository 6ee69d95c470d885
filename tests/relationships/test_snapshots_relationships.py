"""Snapshots of the relationship map over the demo data: the map, its warnings, the person form."""

from __future__ import annotations

from kam_tui.areas.relationships.ui.map_screen import RelationshipScreen
from kam_tui.core.db import models as m
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import wait_for
from tests.snapshot_apps.relationships_app import make_app, open_trade_example


def test_map_of_the_trade_example(snap_compare):
    """The org chart of DOMAIN.md §3: the decider against us, no coach, 20% support."""
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=open_trade_example)


def test_warnings_in_chinese_at_80_columns(snap_compare):
    """At 80×24 the coverage and its warnings stay in view under the chart, in Chinese."""
    assert snap_compare(make_app("zh"), terminal_size=(80, 24), run_before=open_trade_example)


def test_decision_map_with_weights_over_100(snap_compare):
    """The decision map of older data whose weights add up to over 100%: an error, marked ✗."""

    async def run_before(pilot) -> None:
        await open_trade_example(pilot)
        app = pilot.app
        # Typed, such a weight is refused now; a file from before the rule can still hold one.
        buyer = m.Contact.get(m.Contact.name == "钱志刚")
        m.DealRole.update(weight=45).where(m.DealRole.contact == buyer).execute()
        await pilot.press("end", "ctrl+r")  # 钱志刚 is last in the chart
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen)
                       and app.screen.map.coverage.shares.total == 105)
        await pilot.press("v")

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_new_person_form_from_the_map(snap_compare):
    """n on a person opens the person form, reporting to them already."""

    async def run_before(pilot) -> None:
        await open_trade_example(pilot)
        app = pilot.app
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        await pilot.press(*"Lin Hao")
        app.screen.focused.cursor_blink = False

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)

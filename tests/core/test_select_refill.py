"""A filter's options refill keeps the rep's choice, and options that come too late are dropped."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from kam_tui.ui.kit.select_refill import refill_select


class OneSelect(App):
    """An app with one Select, as a filter row has."""

    def compose(self) -> ComposeResult:
        yield Select([("North", "north"), ("South", "south")], id="region")


async def test_refill_keeps_the_chosen_value_when_it_is_still_an_option():
    app = OneSelect()
    async with app.run_test() as pilot:
        select = app.query_one(Select)
        select.value = "south"
        refill_select(select, [("East", "east"), ("South", "south")])
        await pilot.pause()
        assert select.value == "south"
        refill_select(select, [("East", "east")])
        await pilot.pause()
        assert select.value is Select.NULL


async def test_options_for_a_select_whose_list_is_gone_do_nothing():
    app = OneSelect()
    async with app.run_test() as pilot:
        select = app.query_one(Select)
        select.value = "north"
        # As on an area switch or quitting: the Select's list goes before the screen's messages.
        await select.query_one(SelectOverlay).remove()
        refill_select(select, [("East", "east")])
        await pilot.pause()
        assert select.value == "north"

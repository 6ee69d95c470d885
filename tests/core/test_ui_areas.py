"""Moving between the four areas with the digit keys, each keeping its own screens."""

from __future__ import annotations

from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.areas.customers.ui.list_screen import CustomersScreen
from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.core.db.records import save
from kam_tui.ui.app import KamApp
from tests.helpers import BASE, TODAY, table, wait_for


async def test_digit_keys_switch_areas_and_the_card_stays_open(db):
    save("account", {**BASE, "name": "Metro Bus"}, today=TODAY)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen))
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))  # where the rep left it
        await pilot.press("1")  # the area's key again: back to its first screen
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))


async def test_every_area_is_in_the_command_palette(db):
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for area in ("客户", "销售漏斗", "关系图", "回访日历"):
            assert area in titles


async def test_every_key_a_screen_shows_is_in_the_command_palette(db):
    """Keys and palette come from the same bindings: nothing shown in the Footer is missing."""
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("1", "2", "4"):
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            helps = {command.help.split(" · ")[0]
                     for command in app.get_system_commands(screen)}
            for active in screen.active_bindings.values():
                binding = active.binding
                if binding.show and binding.description and not binding.system:
                    assert (binding.key_display or app.get_key_display(binding)) in helps, (
                        key, binding.description)


async def test_a_palette_command_made_from_a_key_runs_its_action(db):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await wait_for(pilot, lambda: app.current_mode == "pipeline")
        commands = {command.help: command for command in app.get_system_commands(app.screen)}
        commands["t"].callback()  # stall days: a key the board's own entries do not list
        await wait_for(pilot, lambda: app.screen.is_modal)


async def test_textuals_own_keys_and_the_palette_speak_chinese(db):
    from textual.command import CommandPalette
    from textual.widgets import Input

    from kam_tui.ui.help_screen import HelpScreen

    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        described = {active.binding.description for active in app.screen.active_bindings.values()}
        assert "命令" in described and "palette" not in described  # the Footer's ^p
        assert "下一个控件" in described and "Focus Next" not in described
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: CommandPalette.is_open(app))
        assert app.screen.query_one(Input).placeholder == "搜索命令…"

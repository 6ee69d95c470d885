"""Issue 14, item 15: holidays and birthdays in the day and week views; the grid's kind legend."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.calendar.ui.week_agenda import WeekAgenda
from kam_tui.core.db.records import save
from kam_tui.ui.app import KamApp
from kam_tui.ui.help_screen import HelpScreen
from tests.calendar.test_ui_calendar import data, make_app, open_calendar, text_of  # noqa: F401
from tests.helpers import TODAY, wait_for


def _birthday_without_revisit(ids: dict[str, int]) -> None:
    save("contact", {"name": "Wang [b]Fang[/b]", "birthday": "1980-01-01"}, today=TODAY,
         parent_id=ids["evil"])
    save("revisit_rule", {"rule": "birthday", "enabled": False}, today=TODAY,
         parent_id=ids["evil"])


async def _open_new_years_day(pilot, cal: CalendarScreen) -> str:
    # Two months on (23 January), three weeks up (2 January), one day left: 1 January.
    await pilot.press("right_square_bracket", "right_square_bracket", "up", "up", "up", "left")
    await wait_for(pilot, lambda: cal.cursor == date(2027, 1, 1))
    await pilot.press("enter")
    await wait_for(pilot, lambda: cal.view == "day" and "2027-01-01" in text_of(
        cal.query_one("#cal-title")))
    notes = cal.query_one("#cal-notes")
    await wait_for(pilot, lambda: notes.display and text_of(notes).strip())
    return text_of(notes)


async def test_the_day_view_lists_holidays_and_birthdays_without_a_revisit(db, data):  # noqa: F811
    _birthday_without_revisit(data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        notes = await _open_new_years_day(pilot, cal)
        assert cal.query_one(WeekAgenda).row_count == 0  # no revisit that day
        assert "New Year's Day" in notes
        assert "Wang [b]Fang[/b]" in notes  # the contact's name, literally
        assert "[bold]Evil[/]" in notes and "\x1b" not in notes
        await pilot.press("escape", "w")  # the week of 1 January lists it too
        await wait_for(pilot, lambda: cal.view == "week")
        await wait_for(pilot, lambda: "Fri 01-01" in text_of(cal.query_one("#cal-notes")))
        await pilot.press("a")  # the Today list has no such line
        await wait_for(pilot, lambda: cal.view == "today")
        assert not cal.query_one("#cal-notes").display


async def test_chinese_day_view_names_the_holiday(db, data):  # noqa: F811
    _birthday_without_revisit(data)
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        cal = await open_calendar(pilot, app)
        notes = await _open_new_years_day(pilot, cal)
        assert "元旦" in notes and "生日" in notes


async def test_the_month_grid_explains_its_kind_letters_under_it(db, data):  # noqa: F811
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        legend = text_of(cal.query_one("#cal-kinds"))
        for words in ("V Visit", "P Phone", "Mt Meeting", "G Gift"):
            assert words in legend, words
        await pilot.press("w")
        await wait_for(pilot, lambda: not cal.query_one("#cal-kinds").display)


async def test_the_chinese_kind_legend_fits_80_columns(db, data):  # noqa: F811
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        cal = await open_calendar(pilot, app)
        legend = text_of(cal.query_one("#cal-kinds"))
        assert "访 拜访" in legend and "礼 礼品" in legend


async def test_b_turns_working_days_off_and_on_from_footer_help_and_palette(db, data):  # noqa: F811
    service = CalendarService(db, lambda: TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        footer_keys = [binding.key for _key, binding, *_ in cal.active_bindings.values()
                       if binding.show]
        assert "b" in footer_keys
        assert service.working_days_only() is True
        await pilot.press("b")
        await wait_for(pilot, lambda: service.working_days_only() is False)
        await wait_for(pilot, lambda: any("rules' own dates" in n.message
                                          for n in app._notifications))
        await pilot.press("b")
        await wait_for(pilot, service.working_days_only)
        commands = [command.title for command in cal.palette_commands()]
        assert "Working days" in commands
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#help-body").content)
        assert "Working days" in console.export_text()

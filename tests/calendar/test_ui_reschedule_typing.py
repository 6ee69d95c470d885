"""Issue 14, items 1 and 14: typing a date in the reschedule dialog, and where the cursor goes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input

from kam_tui.areas.calendar.ui.dialogs.reschedule_dialog import RescheduleDialog
from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.core.db import models as m
from tests.calendar.test_ui_calendar import data, make_app, open_calendar  # noqa: F401
from tests.helpers import TODAY, wait_for


async def _open_reschedule(pilot, app, cal) -> RescheduleDialog:
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, RescheduleDialog))
    dialog = app.screen
    assert isinstance(dialog, RescheduleDialog)
    return dialog


async def test_typing_a_date_goes_into_the_date_box_and_enter_saves_it(db, data):  # noqa: F811
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        today_list = cal.query_one(TodayList)
        await wait_for(pilot, lambda: today_list.row_count == 2)
        dialog = await _open_reschedule(pilot, app, cal)
        box = dialog.query_one("#reschedule-date", Input)
        assert app.focused is box
        await pilot.press(*"2026-12-20")
        assert box.value == "2026-12-20"
        assert isinstance(app.screen, RescheduleDialog)  # no digit fired a quick button
        assert m.Revisit.get_by_id(data["late"]).due_on == TODAY - timedelta(days=3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["late"]).due_on
                       == date(2026, 12, 20))
        assert app.current_mode == "calendar" and cal.view == "today"


@pytest.mark.parametrize("typed, expected", [
    ("tomorrow", TODAY + timedelta(days=1)),
    ("+1w", TODAY + timedelta(days=7)),
])
async def test_relative_words_count_from_today(db, data, typed, expected):  # noqa: F811
    # The revisit is due in 40 days: "tomorrow" is tomorrow, not its due date + 1.
    far = m.Revisit.create(account=data["acme"], due_on=TODAY + timedelta(days=5),
                           kind="visit", rule="manual")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        today_list = cal.query_one(TodayList)
        await wait_for(pilot, lambda: today_list.row_count == 3)
        await pilot.press("end")
        await wait_for(pilot, lambda: today_list.cursor_key == far.id)
        await _open_reschedule(pilot, app, cal)
        await pilot.press(*typed, "enter")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(far.id).due_on == expected)


async def test_quick_moves_need_keys_a_date_box_does_not_take(db, data):  # noqa: F811
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        await _open_reschedule(pilot, app, cal)
        await pilot.press("ctrl+n")  # +1 day; overdue, so from today
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["late"]).due_on
                       == TODAY + timedelta(days=1))
        await wait_for(pilot, lambda: not isinstance(app.screen, RescheduleDialog))
        await wait_for(pilot, lambda: cal.query_one(TodayList).cursor_key == data["late"])
        await _open_reschedule(pilot, app, cal)
        await pilot.press("ctrl+f")  # +1 week from its new date
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["late"]).due_on
                       == TODAY + timedelta(days=8))


async def test_the_cursor_follows_the_revisit_after_a_move(db, data):  # noqa: F811
    soon = m.Revisit.create(account=data["acme"], due_on=TODAY + timedelta(days=2),
                            kind="phone", rule="manual")
    later = m.Revisit.create(account=data["acme"], due_on=TODAY + timedelta(days=5),
                             kind="phone", rule="manual")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        today_list = cal.query_one(TodayList)
        await wait_for(pilot, lambda: today_list.row_count == 4)
        assert today_list.cursor_key == data["late"]  # late, today, soon, later
        await _open_reschedule(pilot, app, cal)
        await pilot.press(*"+3d", "enter")  # today, soon, late, later
        await wait_for(pilot, lambda: today_list.key_at(2) == data["late"])
        await wait_for(pilot, lambda: today_list.cursor_key == data["late"])
        assert today_list.cursor_row == 2
        # Moved out of the list (more than a week ahead): the cursor takes the next row.
        await _open_reschedule(pilot, app, cal)
        await pilot.press(*"+30d", "enter")
        await wait_for(pilot, lambda: today_list.row_count == 3)
        await wait_for(pilot, lambda: today_list.cursor_key == later.id)
        # A skip: the overdue-free list keeps the cursor on the skipped revisit.
        await pilot.press("up")
        assert today_list.cursor_key == soon.id
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SkipDialog))
        await pilot.press(*"away", "enter")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(soon.id).status == "skipped")
        await wait_for(pilot, lambda: today_list.row_count == 2)  # skipped ahead: gone
        await wait_for(pilot, lambda: today_list.cursor_key == later.id)

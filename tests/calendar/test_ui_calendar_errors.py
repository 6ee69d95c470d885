"""The calendar's workers on the one error path: told by the app, the screen stays usable."""

from __future__ import annotations

from textual.widgets import Static

from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.calendar.ui.dialogs.complete_revisit_screen import (
    CompleteRevisitScreen,
)
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.core.db import models as m
from tests.calendar import test_ui_calendar as ui
from tests.helpers import broken, errors_told, wait_for

data = ui.data  # the fixture: the same accounts and revisits as the calendar's pilot tests
make_app = ui.make_app
open_calendar = ui.open_calendar


async def test_a_failing_month_read_is_told_and_the_title_says_so(db, data, monkeypatch):
    app = make_app(db)
    told = errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        monkeypatch.setattr(CalendarService, "month", broken)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        title = cal.query_one("#cal-title", Static)
        await wait_for(pilot, lambda: "Could not load" in str(title.render()))
        monkeypatch.undo()
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: "planned" in str(title.render()))


async def test_the_complete_form_works_without_people_and_keeps_a_failed_save(
        db, data, monkeypatch):
    app = make_app(db)
    told = errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        monkeypatch.setattr(CalendarService, "people", broken)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteRevisitScreen)
                       and app.screen.is_loaded and app.focused is not None)
        assert any("kaboom" in text for text in told)
        form = app.screen
        assert isinstance(form, CompleteRevisitScreen)
        await pilot.press(*"Checked the fleet")
        monkeypatch.setattr(CalendarService, "complete", broken)
        told.clear()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        assert app.screen is form
        assert form.field("summary").editor.text == "Checked the fleet"
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CompleteRevisitScreen))
    assert m.Revisit.get_by_id(data["late"]).status == "done"

"""One malformed stored value never blanks the calendar or stops revisit generation."""

from __future__ import annotations

import pytest

from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from tests.bad_rows import demo_with, recording_app, settled
from tests.helpers import TODAY


@pytest.fixture(autouse=True)
def sqlite_only(engine: str) -> None:
    """Every fault here is a value PostgreSQL's typed columns refuse: the rows cannot exist."""
    if engine == "postgresql":
        pytest.skip("PostgreSQL's typed date columns refuse the invalid value the test writes")


FAULTS = {
    "activity date garbage": "UPDATE activity SET occurred_on = 'garbage'",
    "revisit on 30 February": "UPDATE revisit SET due_on = '2026-02-30' WHERE id IN "
                              "(SELECT id FROM revisit ORDER BY id LIMIT 5)",
    "revisit date empty": "UPDATE revisit SET due_on = '' WHERE id IN "
                          "(SELECT id FROM revisit ORDER BY id LIMIT 5)",
    "birthday month 13": "UPDATE contact SET birthday = '2026-13-45'",
    "purchase date garbage": "UPDATE purchase SET purchased_on = 'garbage', delivered_on = ''",
}


@pytest.mark.parametrize("fault", FAULTS)
def test_generation_skips_malformed_dates(db, fault):
    demo_with(db, FAULTS[fault])
    bad = ("SELECT COUNT(*) FROM revisit WHERE date(due_on, '+0 days') IS NOT due_on")
    before = db.execute_sql(bad).fetchone()[0]
    CalendarService(db, lambda: TODAY).generate()
    made = db.execute_sql(bad).fetchone()[0] - before
    assert made == 0  # nothing generated from a bad date carries a bad date itself


@pytest.mark.parametrize("fault", FAULTS)
async def test_the_calendar_shows_over_a_malformed_value(db, monkeypatch, fault):
    demo_with(db, FAULTS[fault])
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("4")
        await settled(pilot)
        assert isinstance(app.screen, CalendarScreen)
        for key in ("right_square_bracket", "right_square_bracket", "w", "a"):
            await pilot.press(key)  # next months (December holds the birthdays), week, Today
            await settled(pilot)
        assert app.is_running and told == []
        assert isinstance(app.screen, CalendarScreen)


@pytest.mark.parametrize("fault", ["revisit on 30 February", "revisit date empty"])
async def test_revisits_on_no_real_day_are_counted_in_the_title(db, monkeypatch, fault):
    demo_with(db, FAULTS[fault])
    planned = db.execute_sql(
        "SELECT COUNT(*) FROM revisit WHERE status = 'planned' AND deleted_at IS NULL "
        "AND id IN (SELECT id FROM revisit ORDER BY id LIMIT 5)").fetchone()[0]
    assert planned > 0
    view = CalendarService(db, lambda: TODAY).month(TODAY.year, TODAY.month)
    assert view.invalid == planned
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("4")
        await settled(pilot)
        title = str(app.screen.query_one("#cal-title").render())
        assert f"{planned} row(s) with invalid values skipped" in title

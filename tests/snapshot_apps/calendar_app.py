"""The app over a freshly generated demo database, frozen on 2026-11-23, opened on the calendar."""

from __future__ import annotations

from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.calendar.ui.month_grid import MonthGrid
from tests.helpers import wait_for
from tests.snapshot_apps.demo_app import build_app, settle

__all__ = ["build_app", "open_calendar", "settle"]


async def open_calendar(pilot, *keys: str) -> None:
    """Press 4, let the rules run, press the given keys, and hide passing notifications."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("4")
    await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen)
                   and app.screen.query_one(MonthGrid).view is not None)
    # The rules' run (a worker) triggers one more reload: settled waits for both.
    await settle(pilot)
    app.clear_notifications()
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    app.clear_notifications()
    await pilot.pause()  # the toasts' removal drawn

"""The calendar area as the app sees it: key 4, its screen, styles and strings."""

from __future__ import annotations

from pathlib import Path

from kam_tui.areas.calendar.ui.strings import STRINGS
from kam_tui.ui.areas import Area
from kam_tui.ui.i18n import register_strings

HERE = Path(__file__).parent


def _open_on_today(db, today):
    """Open on the Today list when the rep asked for it (run in the app's start worker)."""
    from kam_tui.areas.calendar.service import CalendarService

    return {"view": "today"} if CalendarService(db, today).open_on_today() else None


register_strings(STRINGS)

AREA = Area(
    "calendar",
    "4",
    "kam_tui.areas.calendar.ui.calendar_screen:CalendarScreen",
    css=(HERE / "calendar.tcss",),
    start=_open_on_today,
)

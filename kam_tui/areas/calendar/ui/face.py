"""The calendar area as the app sees it: key 4, its screen, styles, strings, open on Today."""

from __future__ import annotations

from pathlib import Path

from kam_tui.core.domain.dates import DATE_HINT_EN, DATE_HINT_ZH
from kam_tui.ui.areas import face


def _open_on_today(db, today):
    """Open on the Today list when the rep asked for it (run in the app's start worker)."""
    from kam_tui.areas.calendar.service import CalendarService

    return {"view": "today"} if CalendarService(db, today).open_on_today() else None


AREA = face("calendar", "4", "kam_tui.areas.calendar.ui.calendar_screen:CalendarScreen",
            Path(__file__).parent, css=("calendar.tcss",), start=_open_on_today,
            # The date hint is the date rule's own text, in both languages.
            strings={"calendar.date_hint": (DATE_HINT_EN, DATE_HINT_ZH)})

"""The app over a freshly generated demo database, frozen on 2026-11-23, for snapshots."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.core.db.database import open_database
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import settled, wait_for

TODAY = date(2026, 11, 23)


def build_app(lang: str = "en") -> KamApp:
    """Return an app over a new demo database (seeded, so every run shows the same rows)."""
    path = Path(tempfile.mkdtemp(prefix="kam-snap-")) / "demo.db"
    db = open_database(path)
    generate_demo(db, TODAY)
    app = KamApp(db, lang=lang, today=TODAY, demo=True, db_label="demo.db")
    # A slow machine must not let a toast time out before the screenshot is taken.
    app.NOTIFICATION_TIMEOUT = 600
    app.animation_level = "none"  # a tab underline caught mid-slide would differ run to run
    return app


async def settle(pilot) -> None:
    """Wait until the keys, the background loads and the messages they posted are all done."""
    await settled(pilot)
    # A blinking cursor would be caught on or off at random: keep it still (and hidden).
    for editor in pilot.app.screen.query("Input, TextArea"):
        editor.cursor_blink = False
    await pilot.pause()  # the cursor's last repaint


async def open_form(pilot) -> None:
    """Press e and wait until the values are in and the first field has the cursor."""
    app = pilot.app
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                   and app.screen.is_loaded and app.focused is not None)
    await settle(pilot)


async def open_card(pilot, query: str) -> None:
    """Search the account list for query and open the first match's card."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("/", *query, "enter")
    await settle(pilot)  # the list shows the search's matches
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                   and app.screen.card is not None)
    await settle(pilot)

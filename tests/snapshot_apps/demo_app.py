"""The app over a freshly generated demo database, frozen on 2026-11-23, for snapshots."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from kam_tui.core.db.database import open_database
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen

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
    """Wait until background loads have finished and the screen has caught up."""
    for _ in range(100):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    # A blinking cursor would be caught on or off at random: keep it still (and hidden).
    for editor in pilot.app.screen.query("Input, TextArea"):
        editor.cursor_blink = False
    await pilot.pause(0.1)


async def open_form(pilot) -> None:
    """Press e and wait until the values are in and the first field has the cursor."""
    await pilot.press("e")
    for _ in range(100):
        await settle(pilot)
        form = pilot.app.screen
        if isinstance(form, RecordFormScreen) and form.is_loaded and pilot.app.focused:
            break
    await settle(pilot)


async def open_card(pilot, query: str) -> None:
    await settle(pilot)
    await pilot.press("/", *query, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)

"""The app over a fresh demo database with a frozen date, for the relationship map's snapshots."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.areas.relationships.ui.map_screen import RelationshipScreen
from kam_tui.core.db.database import open_database
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from tests.helpers import settled, wait_for

TODAY = date(2026, 11, 23)


def make_app(lang: str = "en") -> KamApp:
    """Return an app over a new demo database (an app runs once, so each snapshot needs one)."""
    path = Path(tempfile.mkdtemp(prefix="kam-snap-rel-")) / "demo.db"
    db = open_database(path)
    generate_demo(db, TODAY)
    app = KamApp(db, lang=lang, today=TODAY)
    # A slow machine must not let a toast time out before the screenshot is taken.
    app.NOTIFICATION_TIMEOUT = 600
    app.animation_level = "none"  # a tab underline caught mid-slide would differ run to run
    return app


app = make_app()


async def open_trade_example(pilot) -> None:
    """Key 3, then pick 华通物流 by its pinyin initials, as a rep would."""
    app = pilot.app
    await pilot.press("3")
    await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
    await pilot.press(*"htwl")
    await wait_for(pilot, lambda: app.screen.shown_search == "htwl")  # its matches are listed
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen)
                   and app.screen.map is not None)
    await settled(pilot)  # the person panel and whatever else the map's load started

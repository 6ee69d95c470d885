"""The app over a fresh demo database with a frozen date, for the relationship map's snapshots."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from kam_tui.db.database import open_database
from kam_tui.db.demo import generate_demo
from kam_tui.ui.app import KamApp

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

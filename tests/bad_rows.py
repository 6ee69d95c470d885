"""Helpers for the bad-row tests: a demo database with one malformed value, and the app over it."""

from __future__ import annotations

from rich.console import Console

from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, settled

__all__ = ["demo_with", "first_id", "recording_app", "settled", "shown"]


def demo_with(db, *statements: str) -> None:
    """Fill the database like the demo, then damage it with raw SQL, as another program might."""
    generate_demo(db, TODAY)
    for statement in statements:
        db.execute_sql(statement)


def first_id(db, sql: str) -> int:
    """Return the one id a SELECT finds."""
    return int(db.execute_sql(sql).fetchone()[0])


def recording_app(db, monkeypatch, lang: str = "en") -> tuple[KamApp, list[str]]:
    """Return an app over db and the list its error notifications are recorded in."""
    app = KamApp(db, lang=lang, today=TODAY)
    told: list[str] = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> None:
        if kwargs.get("severity") == "error":
            told.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    return app, told


def shown(widget, width: int = 140) -> str:
    """Return the text a Static widget shows, as plain text."""
    console = Console(width=width, record=True)
    console.print(widget.content)
    return console.export_text()

"""The map's workers on the one error path: told by the app, the map says so, ctrl+r retries."""

from __future__ import annotations

import peewee as pw

from kam_tui.areas.relationships.service import RelationshipService
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, wait_for
from tests.relationships import test_ui_relationships as ui

trade = ui.trade  # the fixture: DOMAIN.md §3's buying group, as in the map's pilot tests
loaded, make_app, role_of, screen = ui.loaded, ui.make_app, ui.role_of, ui.screen


def _broken(*args: object, **kwargs: object) -> object:
    raise pw.OperationalError("no such table: kaboom")


def _errors_told(app: KamApp, monkeypatch) -> list[str]:
    told: list[str] = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> None:
        if kwargs.get("severity") == "error":
            told.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    return told


async def test_a_failing_map_read_is_told_shown_and_retried(db, trade, monkeypatch):
    RelationshipService(db, lambda: TODAY).remember(trade["account"], trade["deal"])
    app = make_app(db)
    told = _errors_told(app, monkeypatch)
    monkeypatch.setattr(RelationshipService, "load", _broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        head = screen(app).query_one("#rel-head")
        await wait_for(pilot, lambda: "Could not read the map" in str(head.render()))
        monkeypatch.undo()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: loaded(app))
        assert "60 tractors" in str(head.render())


async def test_a_failing_quick_edit_is_told_and_the_map_reloads(db, trade, monkeypatch):
    RelationshipService(db, lambda: TODAY).remember(trade["account"], trade["deal"])
    app = make_app(db)
    told = _errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: loaded(app))
        monkeypatch.setattr(RelationshipService, "cycle_stance", _broken)
        await pilot.press("s")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        await wait_for(pilot, lambda: loaded(app))
        monkeypatch.undo()
        stance = role_of(trade, "gm").stance
        await pilot.press("s")
        await wait_for(pilot, lambda: role_of(trade, "gm").stance != stance)

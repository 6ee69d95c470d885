"""The map's workers on the one error path: told by the app, the map says so, ctrl+r retries."""

from __future__ import annotations


from kam_tui.areas.relationships.service import RelationshipService
from tests.helpers import TODAY, broken, errors_told, wait_for
from tests.relationships import test_ui_relationships as ui

trade = ui.trade  # the fixture: DOMAIN.md §3's buying group, as in the map's pilot tests
loaded, make_app, role_of, screen = ui.loaded, ui.make_app, ui.role_of, ui.screen


async def test_a_failing_map_read_is_told_shown_and_retried(db, trade, monkeypatch):
    RelationshipService(db, lambda: TODAY).remember(trade["account"], trade["deal"])
    app = make_app(db)
    told = errors_told(app, monkeypatch)
    monkeypatch.setattr(RelationshipService, "load", broken)
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
    told = errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: loaded(app))
        monkeypatch.setattr(RelationshipService, "cycle_stance", broken)
        await pilot.press("s")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        await wait_for(pilot, lambda: loaded(app))
        monkeypatch.undo()
        stance = role_of(trade, "gm").stance
        await pilot.press("s")
        await wait_for(pilot, lambda: role_of(trade, "gm").stance != stance)

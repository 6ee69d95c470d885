"""One malformed stored value never blanks the relationship map or leaves it loading."""

from __future__ import annotations

import pytest

from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.areas.relationships.queries import maps
from kam_tui.areas.relationships.service import RelationshipService
from kam_tui.areas.relationships.ui.map_screen import RelationshipScreen
from kam_tui.core.state import PersonalState
from tests.bad_rows import demo_with, first_id, recording_app, settled, shown
from tests.helpers import TODAY, wait_for

TRADE_DEAL = ("SELECT o.id FROM opportunity o JOIN deal_role d ON d.opportunity_id = o.id "
              "GROUP BY o.id ORDER BY COUNT(*) DESC, o.id LIMIT 1")


def _loaded(app) -> bool:
    return isinstance(app.screen, RelationshipScreen) and app.screen.map is not None


async def test_an_infinite_weight_is_skipped_and_the_map_shows(db, engine, monkeypatch):
    if engine == "postgresql":
        pytest.skip("PostgreSQL's typed column (BIGINT) refuses the infinite weight this "
                    "test stores")
    demo_with(db)
    deal = first_id(db, TRADE_DEAL)
    account = first_id(db, f"SELECT account_id FROM opportunity WHERE id = {deal}")
    RelationshipService(db, lambda: TODAY).remember(account, deal)
    db.execute_sql("UPDATE deal_role SET weight = 9e999 WHERE id = (SELECT min(id) "
                   "FROM deal_role WHERE opportunity_id = ?)", (deal,))
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: _loaded(app))
        await settled(pilot)
        assert app.is_running and told == []
        assert app.screen.map.data.participants  # the buying group is drawn
        head = shown(app.screen.query_one("#rel-head"))
        assert "1 row(s) with invalid values skipped" in head
        for key in ("v", "v"):  # the decision map and the net draw too
            await pilot.press(key)
            await settled(pilot)
            assert told == []


async def test_a_huge_remembered_account_id_asks_for_an_account(db, monkeypatch):
    demo_with(db)
    PersonalState(db).put(maps.LAST_ACCOUNT_KEY, "12345678901234567890")
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
        await settled(pilot)
        assert app.is_running and told == []

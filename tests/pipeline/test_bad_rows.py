"""One malformed stored value never blanks the board or stops the deal's own view."""

from __future__ import annotations

import pytest

from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.areas.pipeline.ui.opportunity_screen import OpportunityScreen
from tests.bad_rows import demo_with, first_id, recording_app, settled, shown

FIRST_OPEN = "SELECT min(id) FROM opportunity WHERE status = 'open'"
BOARD_FAULTS = {
    "time in stage not a time": "stage_entered_at = 'not a time'",
    "amount not a number": "amount = 'NaN'",
    "infinite amount": "amount = 9e999",
    "stage not in the vocabulary": "stage = 99",
}
# PostgreSQL's typed columns refuse these values, so only SQLite can hold them.
TYPED_REFUSES = {"time in stage not a time", "amount not a number", "infinite amount"}


def damage(db, engine: str, fault: str) -> int:
    """Write the fault into the first open deal with raw SQL and return the deal's id."""
    if engine == "postgresql" and fault in TYPED_REFUSES:
        pytest.skip("PostgreSQL's typed column refuses the value; only SQLite can store it")
    demo_with(db)
    bad = first_id(db, FIRST_OPEN)
    db.execute_sql(f"UPDATE opportunity SET {BOARD_FAULTS[fault]} WHERE id = ?", (bad,))
    return bad


@pytest.mark.parametrize("fault", BOARD_FAULTS)
async def test_the_board_shows_over_a_malformed_deal_and_says_it_skipped_it(db, engine,
                                                                            monkeypatch, fault):
    damage(db, engine, fault)
    open_deals = first_id(db, "SELECT COUNT(*) FROM opportunity WHERE status = 'open' "
                              "AND deleted_at IS NULL")
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await settled(pilot)
        assert app.is_running and told == []
        assert isinstance(app.screen, PipelineScreen) and app.screen.board.loaded
        stats = app.screen.board.stats
        # The deal with the bad value is left out of the figures, and the headline says so.
        assert stats.invalid == 1
        assert stats.open_count >= open_deals - 1
        assert 0 < stats.open_amount < 10**15
        assert "1 row(s) with invalid values skipped" in shown(
            app.screen.query_one("#pipeline-headline"), 200)


@pytest.mark.parametrize("fault", BOARD_FAULTS)
async def test_the_deal_shows_a_malformed_value_as_invalid(db, engine, monkeypatch, fault):
    bad = damage(db, engine, fault)
    app, told = recording_app(db, monkeypatch, lang="zh")
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        app.push_screen(OpportunityScreen(bad))
        await pilot.pause()
        await settled(pilot)
        assert app.is_running and told == []
        screen = app.screen
        assert isinstance(screen, OpportunityScreen) and screen.detail is not None
        page = shown(screen.query_one("#opp-head"), 200) + shown(
            screen.query_one("#opp-fields"), 200)
        assert "⚠ 无效值" in page

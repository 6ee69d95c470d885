"""One malformed stored value never stops the app: start-up, the list and the card still work."""

from __future__ import annotations

import pytest

from kam_tui.areas.customers.service import AccountQuery, AccountService
from kam_tui.areas.customers.ui.card_screen import CardScreen
from tests.bad_rows import demo_with, first_id, recording_app, settled, shown
from tests.helpers import TODAY, table, wait_for

START_FAULTS = {
    "activity date garbage": "UPDATE activity SET occurred_on = 'garbage'",
    "revisit on 30 February": "UPDATE revisit SET due_on = '2026-02-30'",
    "revisit date empty": "UPDATE revisit SET due_on = ''",
    "infinite amount": "UPDATE opportunity SET amount = 9e999",
    "amount not a number": "UPDATE opportunity SET amount = 'NaN'",
}


@pytest.fixture(autouse=True)
def sqlite_only(engine: str) -> None:
    """Every test here stores a malformed value; PostgreSQL's typed columns refuse it."""
    if engine == "postgresql":
        pytest.skip("PostgreSQL's typed column (DATE, BIGINT) refuses the malformed value "
                    "this test stores")


@pytest.mark.parametrize("fault", START_FAULTS)
async def test_start_up_over_a_malformed_value_shows_the_list(db, monkeypatch, fault):
    # Every row damaged at once: whichever the first page needs, it meets a bad one.
    demo_with(db, START_FAULTS[fault])
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 0 and table(app).key_at(0))
        await settled(pilot)
        assert app.is_running
        assert told == []


@pytest.mark.parametrize("fault", START_FAULTS)
@pytest.mark.parametrize("sort", ["pipeline", "last_contact", "next_revisit"])
def test_the_aggregate_sorts_skip_malformed_values(db, fault, sort):
    demo_with(db, START_FAULTS[fault])
    rows = AccountService(db, lambda: TODAY).page(AccountQuery(sort=sort), 0, 50)
    assert len(rows) == 40
    # A malformed value counts as no value: no date, no money.
    assert all(row.last_contact is None or row.last_contact <= TODAY for row in rows)
    assert all(0 <= row.pipeline < 10**15 for row in rows)


async def test_the_card_shows_an_impossible_date_as_invalid(db, monkeypatch):
    demo_with(db)
    account = first_id(db, "SELECT id FROM account WHERE name LIKE '华通%'")
    db.execute_sql("UPDATE account SET first_cooperation_date = '2026-02-30' WHERE id = ?",
                   (account,))
    app, told = recording_app(db, monkeypatch)
    async with app.run_test(size=(140, 50)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 0)
        app.open_record("account", account)
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        await settled(pilot)
        assert app.is_running and told == []
        body = shown(app.screen.query_one("#basics-body"))
        assert "⚠ invalid value" in body
        assert "华通" in shown(app.screen.query_one("#card-head"))

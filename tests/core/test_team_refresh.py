"""Another rep's change on the team's server shows on the next load: the refresh key, a switch."""

from __future__ import annotations

import psycopg

from kam_tui.core.db.database import open_database
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, add_account, table, wait_for


def other_session_adds(url: str, name: str) -> None:
    """Add an account from another connection, as another rep's kam would."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "INSERT INTO account (uuid, name, short_name, address, postcode, website, phone, "
            "region, first_cooperation_reason, nature, enterprise_size, operating_scope, "
            "main_business, industry, industry_position, business_partners, own_competitors, "
            "usage_region, usage_environment, bought_before, credit_rating, satisfaction, "
            "closeness, abc_class, layer, status, lifecycle, pyramid, man_money, man_authority, "
            "man_need, notes, search_text, created_at, updated_at, version) VALUES (md5(%s), %s, "
            "'', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', false, '', '', "
            "'', 'B', 'watch', 'potential', 'acquisition', '', false, false, false, '', "
            "lower(%s), now(), now(), 1)", (name, name, name))


async def test_ctrl_r_and_an_area_switch_show_what_another_session_saved(pg_database):
    db = open_database(pg_database)
    add_account("Mine")
    app = KamApp(db, lang="en", today=TODAY)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: table(app).row_count == 1)
            other_session_adds(pg_database, "Theirs")
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: table(app).row_count == 2)
            other_session_adds(pg_database, "Theirs too")
            await pilot.press("2")
            await pilot.press("1")
            await wait_for(pilot, lambda: table(app).row_count == 3)
    finally:
        db.close()

"""The Footer keeps `?` and the focused place's keys in view at 80 columns, in both languages."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.ui.app import KamApp
from kam_tui.ui.kit.fitting_footer import FittingFooter
from tests.helpers import TODAY, add_account, table, wait_for


def footer_keys(app: KamApp) -> tuple[list[str], list[str]]:
    """Return the keys the footer shows, wholly inside the screen, and those it hides."""
    keys = list(app.screen.query_one(FittingFooter).query(FooterKey))
    width = app.size.width
    shown = [key.key for key in keys if key.display and key.region.right <= width
             and key.region.width > 0]
    hidden = [key.key for key in keys if not key.display]
    return shown, hidden


async def footer_after(pilot, app: KamApp, expected: set[str]) -> tuple[list[str], list[str]]:
    """Wait until the footer shows the expected keys (the focused place's come last), then read it."""
    await wait_for(pilot, lambda: expected <= set(footer_keys(app)[0]))
    return footer_keys(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80_columns_help_and_the_lists_own_keys_stay_in_view(db, lang):
    add_account("Acme Freight")
    app = KamApp(db, lang=lang, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        shown, hidden = await footer_after(pilot, app, {"question_mark", "slash", "n", "e", "d"})
        assert hidden  # something had to give way
        assert "q" in hidden or "4" in hidden  # the app's keys give way first, to ? help
        assert not set(shown) & set(hidden)


async def test_at_120_columns_the_calendar_shows_its_working_days_key(db):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        shown, _ = await footer_after(pilot, app, {"b", "question_mark", "n"})
        assert {"b", "question_mark", "n"} <= set(shown)


async def test_a_wide_terminal_shows_every_key(db):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(240, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 0 and app.screen.is_mounted)
        shown, hidden = await footer_after(pilot, app, {"q", "1", "4", "question_mark"})
        assert hidden == [] and {"q", "1", "4", "question_mark"} <= set(shown)

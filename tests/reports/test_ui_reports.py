"""Key 5 as a manager uses it: the forecast and the funnel, their period and their filters."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from kam_tui.areas.reports.ui.forecast_view import ForecastView
from kam_tui.areas.reports.ui.funnel_view import FunnelView
from kam_tui.areas.reports.ui.reports_screen import ReportsScreen
from kam_tui.core.db import models as m
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, add_account, add_deal, wait_for


def text_of(app: KamApp, view: type) -> str:
    """Return what a report view shows, as plain text at the width it has."""
    widget = app.screen.query_one(view)
    console = Console(width=widget.size.width or 116, record=True, color_system=None)
    console.print(widget.render())
    return console.export_text()


def headline(app: KamApp) -> str:
    return str(app.screen.query_one("#reports-headline").render())


def seed() -> dict[str, int]:
    """Two owners' deals: this quarter (Q4 2026), the next one, one slipped, one closed."""
    wang = m.Staff.create(name="王芳", region="华东").id
    li = m.Staff.create(name="Li Ming", region="华南").id
    acme = add_account("Acme Freight", region="华东", owner_id=wang)
    blue = add_account("Blue River", region="华南", owner_id=li)
    # Q4: 1,000,000 at stage 3 (20%) = 200,000; 500,000 at stage 5 (50%) = 250,000.
    add_deal(acme, "Fleet renewal", stage=3, amount=1_000_000, owner_id=wang,
             expected_close=date(2026, 12, 15))
    add_deal(blue, "Depot trucks", stage=5, amount=500_000, owner_id=li,
             expected_close=date(2026, 12, 20))
    # Slipped: its close date (2026-11-01) has passed and it is still open; 22 days late.
    add_deal(acme, "[bold]Spare parts\x1b[2J", stage=2, amount=300_000, owner_id=wang,
             expected_close=date(2026, 11, 1))
    # Next quarter: 2,000,000 at stage 1 (5%) = 100,000.
    add_deal(blue, "Cold chain", stage=1, amount=2_000_000, owner_id=li,
             expected_close=date(2027, 2, 10))
    return {"wang": wang, "li": li}


async def open_reports(pilot, app: KamApp) -> None:
    await pilot.press("5")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen)
                   and app.screen.query_one(ForecastView).figures is not None)


async def test_5_opens_the_forecast_of_this_quarter_with_its_months_owners_and_slips(db):
    seed()
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reports(pilot, app)
        assert "Forecast · 2026-10-01 – 2026-12-31 · all accounts" in headline(app)
        text = text_of(app, ForecastView)
        # In Q4: 1,000,000 + 500,000 + 300,000 (slipped, expected 2026-11) = 1.80M;
        # weighted 200,000 + 250,000 + 30,000 (300,000 at 10%) = 480K.
        assert "Open deals expected to close in the period: 3 · 1.80M · weighted 480K" in text
        assert "2026-12" in text and "2026-10" in text
        assert "Slipped: expected close passed, still open (1)" in text
        assert "!2026-11-01" in text and "22" in text
        # Its markup is shown as typed; its escape character never reaches the terminal.
        assert "[bold]Spare parts[2J" in text and "\x1b" not in text
        assert "王芳" in text and "Li Ming" in text


async def test_the_next_period_the_year_and_back_to_this_one(db):
    seed()
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reports(pilot, app)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: "2027-01-01 – 2027-03-31" in headline(app))
        await wait_for(pilot, lambda: "Open deals expected to close in the period: 1 · 2.00M · weighted 100K"
                       in text_of(app, ForecastView))
        await pilot.press("p")  # quarter -> year: the year that holds Q1 2027
        await wait_for(pilot, lambda: "2027-01-01 – 2027-12-31" in headline(app))
        await pilot.press("t")
        await wait_for(pilot, lambda: "2026-01-01 – 2026-12-31" in headline(app))


async def test_an_owner_filter_narrows_the_forecast(db):
    people = seed()
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reports(pilot, app)
        select = app.screen.query_one("#reports-filter-owner")
        await wait_for(pilot, lambda: len(select._options) > 2)
        select.value = people["li"]
        await wait_for(pilot, lambda: "Owner: Li Ming" in headline(app))
        # Li Ming's Q4 deal only: 500,000 at 50%.
        await wait_for(pilot, lambda: "Open deals expected to close in the period: 1 · 500K · weighted 250K"
                       in text_of(app, ForecastView))


async def test_v_shows_the_funnel_in_chinese(db):
    seed()
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reports(pilot, app)
        await pilot.press("v")
        await wait_for(pilot, lambda: app.screen.query_one(FunnelView).figures is not None)
        assert headline(app).startswith("销售漏斗分析 · 2026-10-01 至 2026-12-31")
        text = text_of(app, FunnelView)
        assert "3 设计" in text and "5 承诺" in text
        assert "本期没有丢单" in text

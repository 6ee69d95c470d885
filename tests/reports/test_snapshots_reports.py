"""Snapshots of the reports over the seeded demo data, 2026-11-23, in both languages."""

from __future__ import annotations

from kam_tui.areas.reports.ui.forecast_view import ForecastView
from kam_tui.areas.reports.ui.funnel_view import FunnelView
from kam_tui.areas.reports.ui.reports_screen import ReportsScreen
from tests.helpers import wait_for
from tests.snapshot_apps.demo_app import build_app, settle


async def open_forecast(pilot) -> None:
    """Press 5 and wait for the forecast's figures."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("5")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen)
                   and app.screen.query_one(ForecastView).figures is not None)
    await settle(pilot)


async def open_funnel(pilot) -> None:
    """Open the forecast, then v for the funnel, and wait for its figures."""
    await open_forecast(pilot)
    app = pilot.app
    await pilot.press("v")
    await wait_for(pilot, lambda: app.screen.query_one(FunnelView).figures is not None)
    await settle(pilot)


def test_forecast(snap_compare):
    assert snap_compare(build_app(), terminal_size=(120, 40), run_before=open_forecast)


def test_forecast_in_chinese_at_80_columns(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=(80, 24), run_before=open_forecast)


def test_funnel(snap_compare):
    assert snap_compare(build_app(), terminal_size=(120, 40), run_before=open_funnel)


def test_funnel_in_chinese_at_80_columns(snap_compare):
    assert snap_compare(build_app("zh"), terminal_size=(80, 24), run_before=open_funnel)

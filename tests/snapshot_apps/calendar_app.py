"""The app over a freshly generated demo database, frozen on 2026-11-23, opened on the calendar."""

from __future__ import annotations

from tests.snapshot_apps.demo_app import build_app, settle

__all__ = ["build_app", "settle"]


async def open_calendar(pilot, *keys: str) -> None:
    """Press 4, let the rules run, press the given keys, and hide passing notifications."""
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    await settle(pilot)  # the rules' run triggers one more reload
    pilot.app.clear_notifications()
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause(0.1)

"""The app over a freshly generated demo database, frozen on 2026-11-23, opened on the board."""

from __future__ import annotations

from tests.snapshot_apps.demo_app import build_app, settle

__all__ = ["build_app", "settle"]


async def open_board(pilot) -> None:
    """Go to the pipeline area (key 2) and wait for the board."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def huatong_deal(pilot) -> None:
    """Show only 华通物流's deals and put the focus on the open one (Compare, the trade example)."""
    await open_board(pilot)
    await pilot.press("slash", *"htwl", "enter")
    await settle(pilot)
    await pilot.press("right", "right", "right")
    await settle(pilot)

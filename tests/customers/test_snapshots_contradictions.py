"""Snapshots of a card whose layer and status contradict its purchases (issue #14 item 19),
over seeded demo data, 2026-11-23, fixed sizes."""

from __future__ import annotations

from kam_tui.core.db import models as m
from tests.snapshot_apps.demo_app import build_app, open_card

WIDE = (120, 40)
SMALL = (80, 24)


def contradicted_app(lang: str, name: str, **values: str):
    """Return the demo app with one account's classification made stale."""
    app = build_app(lang)
    assert m.Account.update(**values).where(m.Account.name == name).execute() == 1
    return app


def test_card_with_a_watch_layer_that_has_bought(snap_compare):
    async def run(pilot):
        await open_card(pilot, "northstar")

    app = contradicted_app("en", "Northstar Logistics", layer="watch", lifecycle="acquisition")
    assert snap_compare(app, terminal_size=WIDE, run_before=run)


def test_card_with_contradictions_small_terminal_in_chinese(snap_compare):
    async def run(pilot):
        await open_card(pilot, "huatong")

    app = contradicted_app("zh", "华通物流集团有限公司", layer="watch", status="potential")
    assert snap_compare(app, terminal_size=SMALL, run_before=run)

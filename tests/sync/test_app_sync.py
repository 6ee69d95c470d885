"""Sync in the app, as a rep sees it: the header's line, S and C, the Conflicts screen (Pilot
tests and snapshots, both languages, values that hold markup and escape codes shown as typed)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from kam_tui.areas.sync.ui.conflicts_screen import ConflictsScreen
from kam_tui.core.db import models as m
from kam_tui.sample.sync_sample import ADDRESS, pretend_synced
from kam_tui.ui.sync_actions import ago
from tests.helpers import wait_for
from tests.snapshot_apps.demo_app import build_app, settle

WIDE = (120, 40)
SMALL = (80, 24)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")  # the screen shows times in the machine's zone
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def synced_app(lang: str = "en", *, address: str = ADDRESS, conflicts: bool = True):
    """Return the demo app on a laptop that synced 10 minutes ago and met two edits."""
    app = build_app(lang)
    synced = datetime.now(timezone.utc) - timedelta(minutes=10, seconds=20)
    pretend_synced(app.db, synced, address=address, conflicts=conflicts)
    return app


async def open_conflicts(pilot) -> None:
    app = pilot.app
    await settle(pilot)
    await wait_for(pilot, lambda: app.sync_status is not None)
    await pilot.press("C")
    await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen)
                   and "#" not in str(app.screen.query_one("#conflicts-status").render()))
    await settle(pilot)


def test_conflicts_screen(snap_compare):
    assert snap_compare(synced_app(), terminal_size=WIDE, run_before=open_conflicts)


def test_conflicts_screen_small_in_chinese(snap_compare):
    assert snap_compare(synced_app("zh"), terminal_size=SMALL, run_before=open_conflicts)


def test_conflicts_screen_with_none(snap_compare):
    assert snap_compare(synced_app(conflicts=False), terminal_size=WIDE,
                        run_before=open_conflicts)


async def test_the_header_says_when_it_synced_and_what_waits():
    app = synced_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.sync_status is not None)
        assert app.sync_line() == "synced 10 min ago · 2 conflicts"
        await pilot.press("n")  # a new account: one more change waiting
        await pilot.press(*"Waiting Co", "ctrl+s")
        await settle(pilot)
        app._read_sync_status()
        await wait_for(pilot, lambda: app.sync_status.waiting > 0)
        assert app.sync_line().endswith(" · 1 change waiting · 2 conflicts")


async def test_taking_the_other_writes_it_and_escape_goes_back():
    app = synced_app()
    async with app.run_test(size=WIDE) as pilot:
        await open_conflicts(pilot)
        uuid = app.db.execute_sql("SELECT row_uuid FROM sync_conflict WHERE field = 'abc_class'"
                                  ).fetchone()[0]
        screen = app.screen
        table = screen.query_one("#conflicts-table")
        # The rows come newest first: the class conflict is the first row.
        assert table.cursor_key == 2
        await pilot.press("t")
        await wait_for(pilot, lambda: m.Account.get(m.Account.uuid == uuid).abc_class == "C")
        await settle(pilot)
        assert app.db.execute_sql("SELECT count(*) FROM sync_conflict WHERE settled_at IS NULL"
                                  ).fetchone()[0] == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConflictsScreen))


async def press_sync(pilot) -> list[str]:
    """Wait for the sync line, then press S; return the list the notifications go to."""
    app, told = pilot.app, []
    await settle(pilot)
    await wait_for(pilot, lambda: app.sync_status is not None)
    app.notify = lambda message, *a, **k: told.append(str(message))
    await pilot.press("S")
    return told


async def test_sync_key_without_a_remembered_server_says_how_to_start():
    app = synced_app(address="")
    async with app.run_test(size=WIDE) as pilot:
        told = await press_sync(pilot)
        await settle(pilot)
    assert told and "kam sync user@server" in told[0]


async def test_a_sync_that_cannot_reach_the_server_is_said_and_the_app_goes_on():
    app = synced_app(address='{"remote": "rep@127.0.0.1", "ssh": "false", "kam": "kam", '
                     '"server_db": ""}')
    async with app.run_test(size=WIDE) as pilot:
        told = await press_sync(pilot)
        await wait_for(pilot, lambda: any("Sync stopped" in text for text in told))
        assert app.is_running and not app._syncing


def test_ago_in_both_languages():
    from kam_tui.ui.i18n import translate

    now = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
    en = lambda key, **kw: translate(key, "en", **kw)  # noqa: E731
    zh = lambda key, **kw: translate(key, "zh", **kw)  # noqa: E731
    assert ago(None, now, en) == "not synced yet"
    assert ago(now - timedelta(seconds=20), now, en) == "synced just now"
    assert ago(now - timedelta(minutes=59), now, en) == "synced 59 min ago"
    assert ago(now - timedelta(hours=5), now, en) == "synced 5 h ago"
    assert ago(now - timedelta(days=3), now, zh) == "3 天前同步"
    assert ago(now + timedelta(minutes=5), now, en) == "synced just now"  # a clock set back


async def test_enter_opens_the_record_the_conflict_is_on():
    from kam_tui.areas.customers.ui.card_screen import CardScreen

    app = synced_app()
    async with app.run_test(size=WIDE) as pilot:
        await open_conflicts(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))

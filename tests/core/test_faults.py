"""Real faults — a full disk, a read-only file, a lock, a damaged file — are explained, never fatal."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from kam_tui.core.db.database import PRAGMAS, open_database
from kam_tui.core.db.faults import Fault, explain
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import TODAY, add_account, errors_told, table, wait_for


def _sqlite_error(setup: str, statement: str) -> sqlite3.Error:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a)")
    conn.execute(setup)
    try:
        conn.execute(statement)
    except sqlite3.Error as error:
        return error
    raise AssertionError("the statement did not fail")


def test_sqlite_causes_are_named():
    assert explain(_sqlite_error("PRAGMA query_only = 1", "INSERT INTO t VALUES (1)")) \
        is Fault.READ_ONLY
    full = _sqlite_error("PRAGMA max_page_count = 2",
                         "INSERT INTO t SELECT randomblob(9000) FROM (VALUES (1), (2), (3))")
    assert explain(full) is Fault.DISK_FULL
    assert explain(OSError(28, "No space left on device")) is Fault.DISK_FULL
    assert explain(pw.OperationalError("database is locked")) is Fault.LOCKED
    assert explain(ValueError("database is locked")) is None  # only the driver's word counts
    assert explain(KeyError("stage")) is None  # a bug is not a fault


def test_peewee_wrapped_errors_keep_their_cause(tmp_path):
    db = pw.SqliteDatabase(str(tmp_path / "x.db"), pragmas={"query_only": 1})
    with pytest.raises(pw.OperationalError) as caught:
        db.execute_sql("CREATE TABLE t (a)")
    assert explain(caught.value) is Fault.READ_ONLY


def _reopened(path: Path, **pragmas: object) -> pw.SqliteDatabase:
    """Return the database at path with pragmas every new connection (every worker) gets."""
    db = open_database(path)
    db.close()
    db.init(str(path), pragmas={**PRAGMAS, **pragmas}, check_same_thread=False)
    return db


async def _delete_first(pilot, app: KamApp) -> None:
    await wait_for(pilot, lambda: table(app).row_count == 2)
    await pilot.press("d")
    await wait_for(pilot, lambda: app.screen.is_modal)
    await pilot.press("y")


async def test_a_full_disk_keeps_the_typing_and_says_so(db_path, monkeypatch):
    db = open_database(db_path)
    add_account("Atlas Parts")
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.close()
    db = _reopened(db_path, max_page_count=pages)
    app = KamApp(db, lang="en", today=TODAY)
    told = errors_told(app, monkeypatch, severity=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        form = app.screen
        form.field("name").editor.value = "Big Notes Co"
        form.field("notes").editor.text = "x" * 9000
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("disk is full" in text for text in told))
        assert app.screen is form and app.is_running  # the form stays, with what was typed
        assert form.field("name").raw() == "Big Notes Co"
        assert "What you typed is kept" in next(t for t in told if "disk is full" in t)
    db.close()


async def test_a_read_only_database_says_so_on_delete(db_path, monkeypatch):
    db = open_database(db_path)
    add_account("Atlas Parts")
    add_account("Blue River")
    db.close()
    db = _reopened(db_path, query_only=1)
    app = KamApp(db, lang="zh", today=TODAY)
    told = errors_told(app, monkeypatch, severity=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await _delete_first(pilot, app)
        await wait_for(pilot, lambda: any("只读" in text for text in told))
        assert app.is_running and table(app).row_count == 2
    db.close()


async def test_a_lock_held_by_another_program_is_told(db_path, monkeypatch):
    db = open_database(db_path)
    add_account("Atlas Parts")
    add_account("Blue River")
    db.close()
    db = _reopened(db_path, busy_timeout=50)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another kam, or a sync tool, in the middle of a write
    app = KamApp(db, lang="en", today=TODAY)
    told = errors_told(app, monkeypatch, severity=None)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _delete_first(pilot, app)
            await wait_for(pilot, lambda: any("Another program" in text for text in told))
            assert app.is_running
            other.execute("ROLLBACK")
            await pilot.press("d")
            await wait_for(pilot, lambda: app.screen.is_modal)
            await pilot.press("y")  # once it lets go, the same delete goes through
            await wait_for(pilot, lambda: table(app).row_count == 1)
    finally:
        other.close()
        db.close()


async def test_a_damaged_file_points_to_the_check(db_path, monkeypatch):
    db = open_database(db_path)
    for number in range(400):
        add_account(f"Account {number:03d}", notes="n" * 200)
    db.close()
    size = db_path.stat().st_size
    with open(db_path, "r+b") as handle:  # random bytes over the middle of the file
        handle.seek(size // 3)
        handle.write(os.urandom(size // 3))
    db = pw.SqliteDatabase(str(db_path), pragmas=PRAGMAS, check_same_thread=False)
    from kam_tui.core.db.models import database_proxy

    database_proxy.initialize(db)
    app = KamApp(db, lang="en", today=TODAY)
    told = errors_told(app, monkeypatch, severity=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: any("kam check" in text for text in told))
        assert app.is_running
    db.close()

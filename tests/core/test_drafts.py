"""Drafts: unsaved typing survives a dropped link, a kill and a crash, and is offered back."""

from __future__ import annotations

import json
import signal
import stat
import time
from pathlib import Path

from kam_tui.core.drafts import MAX_AGE_DAYS, Draft, DraftStore
from kam_tui.core.db.records import load
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.draft_dialog import DraftDialog
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import TODAY, add_account, table, wait_for
from tests.kam_terminal import KamTerminal as Terminal



def test_a_draft_is_private_and_read_back(tmp_path):
    store = DraftStore(str(tmp_path / "kam.db"))
    store.save(Draft("account", 7, None, {"name": "顺达快运"}, title="顺达快运", version=2))
    files = list(store.folder.glob("*.json"))
    assert [stat.S_IMODE(path.stat().st_mode) for path in files] == [0o600]
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    draft = store.load("account-7")
    assert draft is not None and draft.values == {"name": "顺达快运"} and draft.version == 2
    store.discard("account-7")
    assert store.load("account-7") is None and store.all() == []


def test_drafts_of_one_database_are_not_offered_in_another(tmp_path):
    DraftStore(str(tmp_path / "a.db")).save(Draft("account", 1, None, {"name": "A"}))
    assert DraftStore(str(tmp_path / "b.db")).all() == []


def test_a_damaged_or_stale_draft_is_skipped(tmp_path):
    store = DraftStore(str(tmp_path / "kam.db"))
    store.save(Draft("account", 1, None, {"name": "fresh"}))
    store.save(Draft("account", 2, None, {"name": "old"},
                     saved_at=time.time() - (MAX_AGE_DAYS + 1) * 86400))
    (store.folder / "account-3.json").write_text("{not json")
    assert [draft.record_id for draft in store.all()] == [1]
    assert not (store.folder / "account-2.json").exists()


def _app(db) -> KamApp:
    return KamApp(db, lang="en", today=TODAY)


async def _edit_first(pilot, app: KamApp) -> RecordFormScreen:
    await wait_for(pilot, lambda: table(app).row_count >= 1)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                   and app.screen.is_loaded)
    return app.screen


async def test_typing_is_kept_as_a_draft_and_saving_forgets_it(db):
    account_id = add_account("Atlas Parts")
    app = _app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _edit_first(pilot, app)
        await pilot.press(*"New ")
        await wait_for(pilot, lambda: app.drafts.load(f"account-{account_id}") is not None)
        assert app.drafts.load(f"account-{account_id}").values == {"name": "New Atlas Parts"}
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
        assert app.drafts.all() == [] and form.drafts.store is app.drafts


async def test_reopening_the_record_offers_the_draft(db):
    account_id = add_account("Atlas Parts")
    app = _app(db)
    app.drafts.save(Draft("account", account_id, None, {"phone": "010-777"},
                          title="Atlas Parts", version=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DraftDialog))  # at start-up
        await pilot.press("escape")  # later: the draft stays
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("e")  # opening the record offers it again, over the loaded form
        await wait_for(pilot, lambda: isinstance(app.screen, DraftDialog))
        form = app.screen_stack[-2]
        assert isinstance(form, RecordFormScreen) and form.is_loaded
        assert "Atlas Parts" in str(app.screen.query_one("#draft-message").render())
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen is form)
        assert form.field("phone").raw() == "010-777" and form.field("name").raw() == "Atlas Parts"
        await pilot.press("escape")  # it is unsaved work: kam asks before throwing it away
        await wait_for(pilot, lambda: app.screen.is_modal and app.screen is not form)
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
        assert app.drafts.all() == []
        assert load("account", account_id)[0]["phone"] == ""


async def test_discarding_the_offer_forgets_the_draft(db):
    account_id = add_account("Atlas Parts")
    app = _app(db)
    app.drafts.save(Draft("account", account_id, None, {"phone": "010-777"}, version=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DraftDialog))
        await pilot.press("d")
        await wait_for(pilot, lambda: not isinstance(app.screen, DraftDialog))
        assert app.drafts.all() == []


def _edit_first_account(terminal: Terminal) -> None:
    terminal.wait_for(b"Atlas Parts")
    terminal.press(b"e")
    terminal.wait_for(b"Edit account")
    terminal.wait_for(b"Atlas Parts")  # the values are in and the name field has the cursor


def _drafts_written(home: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in (home / "state").rglob("*.json")]


def _run_until_hang_up(db_path: Path, home: Path, sig: signal.Signals) -> list[dict]:
    terminal = Terminal(db_path)
    try:
        _edit_first_account(terminal)
        terminal.press("ZQ试".encode())
        # Drawn: kam has the keys. (Only the last one: keys drawn in separate frames are never
        # written side by side, and 试 appears nowhere else on the screen.)
        terminal.wait_for("试".encode())
        terminal.process.send_signal(sig)
        terminal.process.wait(30)
    finally:
        terminal.close()
    return _drafts_written(home)


def test_a_dropped_link_keeps_the_typing_and_the_next_start_offers_it(db_path, private_folders):
    db = __import__("kam_tui.core.db.database", fromlist=["open_database"]).open_database(db_path)
    add_account("Atlas Parts")
    db.close()
    drafts = _run_until_hang_up(db_path, private_folders, signal.SIGHUP)
    assert [draft["values"] for draft in drafts] == [{"name": "ZQ试Atlas Parts"}]


def test_a_terminate_keeps_the_typing_too(db_path, private_folders):
    db = __import__("kam_tui.core.db.database", fromlist=["open_database"]).open_database(db_path)
    add_account("Atlas Parts")
    db.close()
    drafts = _run_until_hang_up(db_path, private_folders, signal.SIGTERM)
    assert [draft["values"] for draft in drafts] == [{"name": "ZQ试Atlas Parts"}]


async def test_after_a_hang_up_the_draft_is_restored_and_saved(db, db_path, private_folders):
    account_id = add_account("Atlas Parts")
    db.close()
    _run_until_hang_up(db_path, private_folders, signal.SIGHUP)
    db.connect()
    app = _app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DraftDialog))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded
                       and app.screen.field("name").raw() == "ZQ试Atlas Parts")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
    assert load("account", account_id)[0]["name"] == "ZQ试Atlas Parts"
    assert _drafts_written(private_folders) == []


def test_after_kill_9_at_most_the_last_second_of_typing_is_lost(db_path, private_folders):
    db = __import__("kam_tui.core.db.database", fromlist=["open_database"]).open_database(db_path)
    add_account("Atlas Parts")
    db.close()
    terminal = Terminal(db_path)
    try:
        _edit_first_account(terminal)
        terminal.press("ZQ试".encode())
        deadline = time.monotonic() + 30
        while not _drafts_written(private_folders):  # the pause after typing writes it
            assert time.monotonic() < deadline, "no draft was written after the typing paused"
            terminal.read()
        terminal.process.kill()
    finally:
        terminal.close()
    assert [draft["values"] for draft in _drafts_written(private_folders)] == \
        [{"name": "ZQ试Atlas Parts"}]

"""What ends kam from outside on each system, and the typing it keeps first."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.core.fake_systems import (
    CTRL_BREAK_EVENT,
    CTRL_C_EVENT,
    CTRL_CLOSE_EVENT,
    CTRL_LOGOFF_EVENT,
    CTRL_SHUTDOWN_EVENT,
    act_as_windows,
)
from tests.helpers import TODAY, add_account, table, wait_for


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch):
    """Run the test as kam would run on Windows; return its fake console API."""
    return act_as_windows(monkeypatch)


@pytest.fixture(autouse=True)
def no_timed_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the draft timer out of the way: what is kept here is kept by the hang-up alone."""
    monkeypatch.setattr("kam_tui.ui.forms.form_drafts.DRAFT_DELAY", 600)


async def _type_into_first_account(pilot, app: KamApp) -> None:
    await wait_for(pilot, lambda: table(app).row_count >= 1)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                   and app.screen.is_loaded)
    await pilot.press(*"New ")
    await wait_for(pilot, lambda: app.screen.field("name").raw() == "New Atlas Parts")


@pytest.mark.parametrize("event", [CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT])
async def test_on_windows_closing_the_console_keeps_the_typing(db, windows, event) -> None:
    account_id = add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_first_account(pilot, app)
        thread, answers = windows.send(event)
        await wait_for(pilot, lambda: not thread.is_alive())
        # Windows ends the process once the handler returns: the draft must be on disk by then.
        assert answers == [True]
        assert app.drafts.load(f"account-{account_id}").values == {"name": "New Atlas Parts"}
    assert app.return_code == 1
    assert windows.handlers == []  # let go of when the app ends


@pytest.mark.parametrize("event", [CTRL_C_EVENT, CTRL_BREAK_EVENT])
async def test_on_windows_ctrl_c_and_ctrl_break_events_go_on_to_python(db, windows,
                                                                        event) -> None:
    add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count >= 1)
        assert windows.handlers, "no console handler was registered"
        thread, answers = windows.send(event)
        await wait_for(pilot, lambda: not thread.is_alive())
        assert answers == [False] and app.is_running


async def test_on_windows_ctrl_break_keeps_the_typing(db, windows) -> None:
    account_id = add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_first_account(pilot, app)
        # Not handled, the stand-in signal would end the test run itself.
        assert callable(signal.getsignal(signal.SIGBREAK))
        os.kill(os.getpid(), signal.SIGBREAK)
        await wait_for(pilot, lambda: app.drafts.load(f"account-{account_id}") is not None)
        assert app.drafts.load(f"account-{account_id}").values == {"name": "New Atlas Parts"}
    assert app.return_code == 1
    assert signal.getsignal(signal.SIGBREAK) is signal.SIG_DFL  # given back when the app ends


async def test_a_loop_without_signal_handlers_still_hears_a_hang_up(db, monkeypatch) -> None:
    def refuse(*args: object) -> None:
        raise NotImplementedError

    loop_class = asyncio.unix_events._UnixSelectorEventLoop  # type: ignore[attr-defined]
    monkeypatch.setattr(loop_class, "add_signal_handler", refuse)
    monkeypatch.setattr(loop_class, "remove_signal_handler", refuse)
    account_id = add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    before = signal.getsignal(signal.SIGHUP)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_first_account(pilot, app)
        handler = signal.getsignal(signal.SIGHUP)
        assert callable(handler) and handler is not before
        handler(signal.SIGHUP, None)  # as Python calls it; a real SIGHUP would hang up pytest
        await wait_for(pilot, lambda: app.drafts.load(f"account-{account_id}") is not None)
    assert app.return_code == 1
    assert signal.getsignal(signal.SIGHUP) is before


@pytest.mark.parametrize("system", ["linux", "darwin"])
async def test_on_linux_and_macos_a_hang_up_and_a_terminate_are_heard(db, monkeypatch,
                                                                        system) -> None:
    monkeypatch.setattr("sys.platform", system)
    heard: list[int] = []
    loop_class = asyncio.unix_events._UnixSelectorEventLoop  # type: ignore[attr-defined]
    add = loop_class.add_signal_handler

    def record(self, number, callback, *args):
        heard.append(number)
        return add(self, number, callback, *args)

    monkeypatch.setattr(loop_class, "add_signal_handler", record)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(heard))
        assert sorted(heard) == sorted([signal.SIGHUP, signal.SIGTERM])

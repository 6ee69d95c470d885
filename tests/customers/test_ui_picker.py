"""The account picker: a failing search reaches the app's one error handler, the picker goes on."""

from __future__ import annotations

import peewee as pw
from textual.widgets import OptionList

from kam_tui.areas.customers.service import AccountService
from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, add_account, wait_for


async def test_a_failing_search_is_told_and_typing_again_retries(db, monkeypatch):
    acme = add_account("Acme Trucking")
    add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    told: list[str] = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> None:
        if kwargs.get("severity") == "error":
            told.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    page = AccountService.page
    broken = {"on": False}

    def flaky(self, *args, **kwargs):
        if broken["on"]:
            raise pw.OperationalError("no such table: kaboom")
        return page(self, *args, **kwargs)

    monkeypatch.setattr(AccountService, "page", flaky)
    picked: list[int | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(AccountPickDialog("Pick an account"), picked.append)
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog)
                       and app.screen.shown_search == "")
        dialog = app.screen
        assert dialog.query_one(OptionList).option_count == 2
        broken["on"] = True
        await pilot.press("a", "c")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        await wait_for(pilot, lambda: dialog.shown_search == "ac")
        assert dialog.query_one(OptionList).option_count == 0  # no stale list to pick from
        assert "failed" in str(dialog.query_one("#account-pick-status").render())
        await pilot.press("enter")  # nothing to pick: the picker stays open
        broken["on"] = False
        await pilot.press("m")  # typing again retries
        await wait_for(pilot, lambda: dialog.shown_search == "acm"
                       and dialog.query_one(OptionList).option_count == 1)
        # The picker took the enter before the m (keys act in order) and picked nothing.
        assert app.screen is dialog and picked == []
        await pilot.press("enter")
        await wait_for(pilot, lambda: picked == [acme])
        assert app.return_code is None and app.is_running

"""Pilot tests: a new account that looks like one on file is asked about before it is saved."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from kam_tui.areas.customers.rules import duplicate_name_key
from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.areas.customers.ui.duplicates_dialog import DuplicatesDialog
from kam_tui.core.db import models as m
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from tests.helpers import TODAY, settled, table, wait_for

DEMO_ACCOUNTS = 40


@pytest.fixture
def demo(db):
    generate_demo(db, TODAY)
    return db


def make_app(db, lang: str = "en") -> KamApp:
    return KamApp(db, lang=lang, today=TODAY)


def accounts_like(name: str) -> list[int]:
    key = duplicate_name_key(name)
    return [account.id for account in m.Account.alive()
            if duplicate_name_key(account.name) == key]


def form(app: KamApp) -> RecordFormScreen:
    screen = app.screen
    assert isinstance(screen, RecordFormScreen)
    return screen


async def new_account(pilot, *keys: str) -> None:
    """Press n on the list, type the name key by key, and ctrl+s."""
    app = pilot.app
    await wait_for(pilot, lambda: table(app).row_count == DEMO_ACCOUNTS)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                   and app.screen.is_loaded and app.focused is not None)
    await pilot.press(*keys)
    await pilot.press("ctrl+s")


async def asked(pilot) -> DuplicatesDialog:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, DuplicatesDialog))
    await settled(pilot)
    dialog = app.screen
    assert isinstance(dialog, DuplicatesDialog)
    return dialog


def listed(dialog: DuplicatesDialog) -> list[str]:
    options = dialog.query_one("#duplicates-list", OptionList)
    return [str(options.get_option_at_index(index).prompt).split("\n")[0]
            for index in range(options.option_count)]


async def test_open_it_shows_the_card_on_file(demo):
    wuwei = m.Account.get(m.Account.name == "吴伟科技有限公司").id
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        # Another spacing, no suffix: still the account on file.
        await new_account(pilot, "吴", "伟", "space", "科", "技")
        dialog = await asked(pilot)
        assert listed(dialog) == ["吴伟科技有限公司"]
        await pilot.press("o")
        # The typing is not thrown away unasked: the form's own question comes first.
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        assert app.screen.account_id == wuwei
        assert not any(isinstance(screen, RecordFormScreen) for screen in app.screen_stack)
    assert accounts_like("吴伟科技") == [wuwei]  # nothing was created


async def test_open_it_then_keep_editing_returns_to_the_form(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_account(pilot, *"Northstar Logistics Ltd")
        await asked(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # keep editing
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen))
        assert form(app).field("name").raw() == "Northstar Logistics Ltd"


async def test_create_anyway_creates_the_second_account(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_account(pilot, *"northstar  logistics co., ltd.")
        dialog = await asked(pilot)
        assert listed(dialog) == ["Northstar Logistics"]
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        assert app.screen.card.values["name"] == "northstar  logistics co., ltd."
        await pilot.press("escape")
        await wait_for(pilot, lambda: table(app).row_count == DEMO_ACCOUNTS + 1)
    assert len(accounts_like("Northstar Logistics")) == 2


async def test_escape_returns_to_the_form_with_the_typed_data(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_account(pilot, *"Orient Cold Chain", "tab", *"OCC")
        await asked(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen))
        raw = form(app).field("name").raw(), form(app).field("short_name").raw()
        assert raw == ("Orient Cold Chain", "OCC")
        assert form(app).is_dirty
        # Saving again asks again: nothing was decided for the rep.
        await pilot.press("ctrl+s")
        await asked(pilot)
    assert len(accounts_like("Orient Cold Chain")) == 1


async def test_the_dialog_names_its_keys_in_the_footer(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_account(pilot, *"Metro Bus")
        dialog = await asked(pilot)
        keys = {binding.key: dialog.describe(binding)
                for binding in (active.binding for active in dialog.active_bindings.values())}
        assert keys["o"] == "Open it"
        assert keys["c"] == "Create anyway"
        assert keys["escape"] == "Back to the form"


async def test_a_new_name_is_saved_without_a_question(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_account(pilot, *"Brand New Freight")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        assert app.screen.card.values["name"] == "Brand New Freight"


async def test_editing_an_account_does_not_ask(demo):
    wuwei = m.Account.get(m.Account.name == "吴伟科技有限公司")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == DEMO_ACCOUNTS)
        app.push_screen(CardScreen(wuwei.id))
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        form(app).field("short_name").editor.value = "吴伟"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None
                       and app.screen.card.values["short_name"] == "吴伟")

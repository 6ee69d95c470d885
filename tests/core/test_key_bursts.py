"""Keys that arrive in one read, as over a slow SSH link, act as if they had been typed slowly."""

from __future__ import annotations

import pytest
from textual import events
from textual.keys import _character_to_key

from kam_tui.areas.customers.ui.list_screen import CustomersScreen
from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.core.db import models as m
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import TODAY, add_account, add_deal, table, wait_for


@pytest.fixture
def accounts(db) -> dict[str, int]:
    ids = {f"Account {i:02d}": add_account(f"Account {i:02d}") for i in range(30)}
    ids["wang"] = add_account("Wang Brothers Haulage", short_name="Wang Bros")
    ids["acme"] = add_account("Acme Freight 华通", abc_class="A")
    for stage, title in ((1, "Tractors"), (1, "Buses"), (2, "Vans"), (3, "Cranes"),
                         (3, "Loaders"), (4, "Dumpers")):
        add_deal(ids["acme"], title, stage=stage, position=len(title))
    return ids


def burst(app: KamApp, keys: str | list[str]) -> None:
    """Deliver the keys at once, as the terminal driver does with what one read brought."""
    for key in keys:
        printable = len(key) == 1
        app.post_message(events.Key(_character_to_key(key) if printable else key,
                                    key if printable else None))


async def list_shown(pilot, app: KamApp) -> None:
    await wait_for(pilot, lambda: table(app).row_count == 32)


def search_value(app: KamApp) -> str | None:
    """Return the list's search text, or None while the screen is still being put together."""
    found = app.screen.query("#search")
    return found.first().value if found else None


def name_field(app: KamApp) -> str | None:
    """Return what the form's name field holds, or None while its fields are being mounted."""
    found = app.screen.query("#field-name")
    return found.first().raw() if found else None


def picker_state(app: KamApp) -> tuple[str, int] | None:
    """Return the account picker's search text and how many accounts it lists, once mounted."""
    search, listed = app.screen.query("#account-pick-search"), app.screen.query(
        "#account-pick-list")
    return (search.first().value, listed.first().option_count) if search and listed else None


async def test_slash_and_a_name_in_one_read_search_the_list(db, accounts):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await list_shown(pilot, app)
        burst(app, "/wang")
        await wait_for(pilot, lambda: app.key_order.holding == 0 and search_value(app) == "wang"
                       and table(app).row_count == 1)
        assert isinstance(app.screen, CustomersScreen)  # "n" of wang never opened New
        assert table(app).key_at(0) == accounts["wang"]


async def test_keys_typed_while_kam_starts_wait_for_the_first_screen(db, accounts):
    class TypedAhead(KamApp):
        def on_mount(self) -> None:
            burst(self, "/wang")  # already in the terminal when kam reads it for the first time

    app = TypedAhead(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen)
                       and search_value(app) == "wang" and table(app).row_count == 1)
        assert table(app).key_at(0) == accounts["wang"]
        assert app.key_order.holding == 0


async def test_n_and_a_name_in_one_read_fill_the_new_form(db, accounts):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await list_shown(pilot, app)
        burst(app, "nZhang Motors")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded and name_field(app) == "Zhang Motors")
        assert app.key_order.holding == 0


async def test_e_and_typing_in_one_read_add_to_the_loaded_values(db, accounts):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await list_shown(pilot, app)
        burst(app, ["e", "end", *" Ltd"])  # the first row: Account 00
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded and name_field(app) == "Account 00 Ltd")


async def test_3_and_a_search_in_one_read_search_the_account_picker(db, accounts):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await list_shown(pilot, app)
        burst(app, "3acme")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog)
                       and picker_state(app) == ("acme", 1))


async def board_focus_after(db, keys: list[str], *, slowly: bool) -> tuple[int, int]:
    """Return (focused deal, its stage) after the keys from the list, typed slowly or at once."""
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await list_shown(pilot, app)
        if slowly:
            await pilot.press(keys[0])
            await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                           and app.screen.board.loaded)
            await pilot.press(*keys[1:])
        else:
            burst(app, keys)
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                       and app.screen.board.loaded and app.key_order.settled)
        await pilot.pause()
        card = app.screen.board.focused_card
        return card.id, m.Opportunity.get_by_id(card.id).stage


async def test_2_and_arrows_in_one_read_move_on_the_board_as_typed_slowly(db, accounts):
    keys = ["2", "right", "right", "down", "right", "up"]
    slow = await board_focus_after(db, keys, slowly=True)
    assert slow[1] == 4  # Dumpers: the keys did reach the board
    assert await board_focus_after(db, keys, slowly=False) == slow

"""Pilot tests of the account list and the card, driven with keys and clicks as a rep would."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.widgets import DataTable, Select, TabbedContent

from kam_tui.areas.customers.service import AccountQuery
from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.areas.customers.ui.list_screen import CustomersScreen
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.help_screen import HelpScreen
from kam_tui.ui.kit.paged_table import PagedTable
from tests.helpers import TODAY, add_account, settled, table, wait_for


@pytest.fixture
def accounts(db) -> dict[str, int]:
    ids = {f"Account {i:03d}": add_account(f"Account {i:03d}") for i in range(230)}
    ids["吴伟科技"] = add_account("吴伟科技有限公司", short_name="吴伟科技", abc_class="A",
                                 region="华东")
    ids["markup"] = add_account("[bold]Evil[/] \x1b[2J Corp", abc_class="B")
    return ids


def make_app(db) -> KamApp:
    return KamApp(db, lang="en", today=TODAY)


def status(app: KamApp) -> str:
    return str(app.screen.query_one("#list-status").render())


@pytest.mark.both_engines
async def test_first_screen_shows_count_and_rows(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        assert "232 accounts" in status(app)
        assert table(app).cursor_key == accounts["markup"]  # "[" sorts before letters


@pytest.mark.both_engines
async def test_search_as_you_type_finds_pinyin_initials(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        await pilot.press("slash", *"wwkj")
        await wait_for(pilot, lambda: table(app).row_count == 1)
        assert table(app).key_at(0) == accounts["吴伟科技"]
        assert "1 of 232 accounts" in status(app)
        for _ in range(4):
            await pilot.press("backspace")
        await pilot.press(*"wuwei")
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        assert app.screen.account_id == accounts["吴伟科技"]


async def test_filter_by_class_and_clear(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        app.screen.query_one("#filter-abc_class", Select).value = "B"
        await wait_for(pilot, lambda: table(app).row_count == 1)
        assert table(app).key_at(0) == accounts["markup"]
        await pilot.press("x")
        await wait_for(pilot, lambda: table(app).row_count == 232)


async def test_sort_by_clicking_a_header_and_reverse_key(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        await pilot.click(PagedTable, offset=(2, 0))  # the Name header
        await wait_for(pilot, lambda: app.screen.account_query.descending)
        await wait_for(pilot, lambda: table(app).key_at(0) == accounts["吴伟科技"])
        await pilot.press("r")
        await wait_for(pilot, lambda: table(app).key_at(0) == accounts["markup"])


async def test_paging_to_the_end_loads_the_last_rows(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        assert table(app).key_at(200) is None  # only the first page is fetched up front
        await pilot.press("end")
        await wait_for(pilot, lambda: table(app).cursor_key is not None)
        assert table(app).cursor_row == 231
        assert table(app).cursor_key == accounts["吴伟科技"]


async def test_markup_and_escapes_in_names_show_literally(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        await pilot.press("slash", *"evil")
        await wait_for(pilot, lambda: table(app).row_count == 1)
        line = table(app).render_line(1).text
        assert "[bold]Evil[/]" in line
        assert "\x1b" not in line


@pytest.mark.both_engines
async def test_delete_asks_then_undo_restores(db, accounts, service):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen.is_modal)
        await pilot.press("n")  # no: nothing deleted
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await settled(pilot)  # the answer handled: a delete it started would be done
        assert service.count(AccountQuery()) == 232
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen.is_modal)
        await pilot.press("y")
        await wait_for(pilot, lambda: table(app).row_count == 231)
        assert service.count(AccountQuery()) == 231
        await pilot.press("u")
        await wait_for(pilot, lambda: table(app).row_count == 232)
        assert service.count(AccountQuery()) == 232


async def test_card_sections_switch_with_keys_and_escape_returns(db, accounts):
    account_id = accounts["吴伟科技"]
    save("contact", {"name": "张伟", "title": "总经理"}, today=TODAY, parent_id=account_id)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.screen.query_one(TabbedContent).active == "contacts"
        contacts = app.screen.query_one("#table-contacts", DataTable)
        await wait_for(pilot, lambda: contacts.row_count == 1)
        assert "张伟" in str(contacts.get_row_at(0)[0])
        await pilot.press("escape")
        assert isinstance(app.screen, CustomersScreen)


async def test_help_lists_the_keys_of_the_area(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#help-body").content)
        body = console.export_text()
        for words in ("Search", "New", "Delete", "Undo", "Customers", "Quit"):
            assert words in body
        await pilot.press("escape")
        assert isinstance(app.screen, CustomersScreen)


async def test_escape_leaves_the_search_box_and_a_second_escape_clears_it(db, accounts):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 232)
        search = app.screen.query_one("#search")
        await pilot.press("slash", *"wwkj")
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("escape")
        assert app.focused is table(app) and search.value == "wwkj"
        await pilot.press("f")  # a key again, not more search text
        assert isinstance(app.focused, Select) and search.value == "wwkj"
        await pilot.press("escape")
        await wait_for(pilot, lambda: table(app).row_count == 232)
        assert search.value == ""


@pytest.mark.both_engines
async def test_a_caller_is_found_by_a_contacts_mobile_email_or_wechat(db, records):
    account_id = add_account("Atlas Parts")
    records.save("contact", {"name": "Mary Lee", "mobile": "138-0013-8000",
                             "email": "mary@atlas.example", "wechat": "maryL88"},
                 parent_id=account_id)
    add_account("Blue River")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 2)
        for query in ("13800138000", "mary@atlas", "maryl88"):
            await pilot.press("slash", *query)
            await wait_for(pilot, lambda: table(app).row_count == 1)
            assert table(app).key_at(0) == account_id
            await pilot.press("escape", "escape")
            await wait_for(pilot, lambda: table(app).row_count == 2)


async def test_the_card_warns_of_no_contact_by_the_accounts_class(db, records):
    from datetime import timedelta

    account_id = add_account("Atlas Parts", abc_class="A")
    records.save("activity", {"kind": "visit", "occurred_on": (TODAY - timedelta(days=45))
                              .isoformat(), "summary": "Last visit"}, parent_id=account_id)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and "No contact" in app.screen.query_one("#card-head").render().plain)
        # An A account is missed after 30 days: the same limit the Today list uses.
        assert "limit 30" in app.screen.query_one("#card-head").render().plain


async def test_a_long_card_scrolls_from_the_keyboard_at_80x24(db):
    add_account("Atlas Parts", notes="\n".join(f"Note line {n}" for n in range(60)))
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        from textual.containers import VerticalScroll

        body = app.screen.query_one("#basics").query_one(VerticalScroll)
        await wait_for(pilot, lambda: body.max_scroll_y > 0)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: body.scroll_y > 0)
        await pilot.press("end")
        await wait_for(pilot, lambda: body.scroll_y == body.max_scroll_y)
        await pilot.press("home")
        await wait_for(pilot, lambda: body.scroll_y == 0)
        await pilot.press("down")
        await wait_for(pilot, lambda: body.scroll_y == 1)


@pytest.mark.both_engines
async def test_an_edit_on_the_card_saves_and_the_card_shows_it(db):
    account_id = add_account("Atlas Parts")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        app.screen.field("name").editor.value = "Atlas Parts Ltd"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None
                       and app.screen.card.values["name"] == "Atlas Parts Ltd")
        stored = m.Account.get_by_id(account_id)
        assert (stored.name, stored.version) == ("Atlas Parts Ltd", 2)


@pytest.mark.both_engines
async def test_the_card_flags_a_watch_layer_that_has_bought_and_s_accepts_the_layer(db, records):
    from kam_tui.areas.customers.ui.suggestions_dialog import SuggestionsDialog

    # "Has bought from us = yes" with layer Watch (never bought): saved, not refused.
    account_id = add_account("Atlas Parts", layer="watch", status="current", lifecycle="growth",
                             bought_before=True)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")

        def head() -> str:
            return app.screen.query_one("#card-head").render().plain

        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and "Layer Watch means never bought" in head())
        # A sign, not colour only, and the suggestion with the key that takes it.
        assert "≠ Layer Watch means never bought, but marked as having bought from us: " \
               "suggest Consolidate  ← s" in head()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SuggestionsDialog))
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None
                       and app.screen.card.values["layer"] == "consolidate")
        await wait_for(pilot, lambda: "Layer" not in head())
        assert m.Account.get_by_id(account_id).layer == "consolidate"
        await pilot.press("u")  # undone like any accepted suggestion
        await wait_for(pilot, lambda: m.Account.get_by_id(account_id).layer == "watch")
        await wait_for(pilot, lambda: "Layer Watch means never bought" in head())


async def test_the_card_flags_the_has_bought_flag_against_purchases_and_b_sets_it(db, records):
    from kam_tui.areas.customers.ui.suggestions_dialog import SuggestionsDialog

    account_id = add_account("Atlas Parts", layer="consolidate", status="current",
                             lifecycle="growth", bought_before=False)
    records.save("purchase", {"purchased_on": TODAY.isoformat(), "product": "Truck",
                              "quantity": "1", "amount": "100000"}, parent_id=account_id)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and "'Has bought from us' is no, but 1 purchase(s) on file"
                       in app.screen.query_one("#card-head").render().plain)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SuggestionsDialog))
        await pilot.press("b")
        await wait_for(pilot, lambda: m.Account.get_by_id(account_id).bought_before is True)
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and "Has bought" not in app.screen.query_one("#card-head").render().plain)

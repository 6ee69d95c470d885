"""Pilot tests of the record form: create, edit, invalid input, discard and conflicts."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.core.db import models as m
from kam_tui.core.db.records import load, save
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.conflict_dialog import ConflictDialog
from kam_tui.ui.forms.form_field import FormField
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from tests.helpers import BASE, TODAY, errors_told, settled, table, wait_for


def make_app(db) -> KamApp:
    return KamApp(db, lang="en", today=TODAY)


def form(app: KamApp) -> RecordFormScreen:
    screen = app.screen
    assert isinstance(screen, RecordFormScreen)
    return screen


def editor(app: KamApp, name: str) -> Input:
    widget = form(app).field(name).editor
    assert isinstance(widget, Input)
    return widget


async def open_form(pilot, app: KamApp, key: str) -> RecordFormScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                   and app.screen.is_loaded)
    return form(app)


async def test_new_account_is_saved_with_ctrl_s_and_listed(db):
    save("account", {**BASE, "name": "Existing Co"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_form(pilot, app, "n")
        assert app.focused is editor(app, "name")  # typing starts in the first field
        await pilot.press(*"顺达快运", "tab", *"顺达")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
        row = m.Account.get(m.Account.name == "顺达快运")
        assert row.short_name == "顺达"
        assert "sdky" in row.search_text  # pinyin initials are searchable at once
        # A new account opens its card, ready for contacts; escape goes back to the list.
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: table(app).row_count == 2)


async def test_invalid_entries_are_shown_at_their_fields_and_nothing_is_saved(db, monkeypatch):
    account_id = save("account", {**BASE, "name": "Northstar"}, today=TODAY)
    app = make_app(db)
    told = errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_form(pilot, app, "e")
        editor(app, "name").value = ""
        editor(app, "first_cooperation_date").value = "31.02.2026"
        editor(app, "installed_base").value = "lots"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: told == ["3 field(s) need attention"])  # refused
        await settled(pilot)
        screen = form(app)
        bad = {f.spec.name for f in screen.query(FormField) if f.error is not None}
        assert bad == {"name", "first_cooperation_date", "installed_base"}
        assert screen.field("name").has_class("-invalid")
        message = str(screen.field("first_cooperation_date")
                      .query_one(".field-error").render())
        assert "date" in message.lower()
        assert app.focused is editor(app, "name")  # the first wrong field takes the cursor
        values, version = load("account", account_id)
        assert values["name"] == "Northstar" and version == 1  # nothing half-saved
        # Fixing a field clears its message as the rep types.
        editor(app, "name").value = "Northstar Logistics"
        await pilot.pause()
        assert screen.field("name").error is None


async def test_escape_asks_before_discarding_edits(db):
    account_id = save("account", {**BASE, "name": "Blue River"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_form(pilot, app, "e")
        await pilot.press("escape")  # nothing changed: closes at once
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
        await open_form(pilot, app, "e")
        await pilot.press("end", *" Ltd")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # keep editing
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen))
        assert editor(app, "name").value == "Blue River Ltd"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")  # discard
        await wait_for(pilot, lambda: not isinstance(app.screen, (RecordFormScreen,
                                                                   ConfirmDialog)))
        assert load("account", account_id)[0]["name"] == "Blue River"


@pytest.mark.both_engines
async def test_a_change_made_elsewhere_is_shown_as_a_conflict(db):
    account_id = save("account", {**BASE, "name": "Greenway", "phone": "010-1"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_form(pilot, app, "e")
        # Another instance saves the phone while this form is open.
        save("account", {**BASE, "name": "Greenway", "phone": "010-2"}, today=TODAY,
             record_id=account_id, expected_version=1)
        editor(app, "name").value = "Greenway Waste"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert "Phone" in str(app.screen.query_one("#conflict-message").render())
        await pilot.press("r")  # reload theirs
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen))
        assert editor(app, "phone").value == "010-2"
        assert editor(app, "name").value == "Greenway"
        values, version = load("account", account_id)
        assert (values["phone"], version) == ("010-2", 2)  # theirs kept, nothing overwritten


async def test_overwrite_after_conflict_saves_mine(db):
    account_id = save("account", {**BASE, "name": "Metro Bus"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_form(pilot, app, "e")
        save("account", {**BASE, "name": "Metro Bus", "notes": "theirs"}, today=TODAY,
             record_id=account_id, expected_version=1)
        editor(app, "phone").value = "022-555"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("o")
        await wait_for(pilot, lambda: not isinstance(app.screen, (RecordFormScreen,
                                                                   ConflictDialog)))
        values, version = load("account", account_id)
        assert values["phone"] == "022-555" and version == 3


@pytest.mark.both_engines
async def test_overwrite_theirs_writes_only_the_fields_i_changed(db):
    account_id = save("account", {**BASE, "name": "Harbour Co", "phone": "010-1",
                                  "notes": "old"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_form(pilot, app, "e")
        # Another rep changes the notes and the phone; I change the phone and the website.
        save("account", {**BASE, "name": "Harbour Co", "phone": "010-2", "notes": "theirs"},
             today=TODAY, record_id=account_id, expected_version=1)
        editor(app, "phone").value = "022-555"
        editor(app, "website").value = "harbour.example"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("o")
        await wait_for(pilot, lambda: not isinstance(app.screen, (RecordFormScreen,
                                                                   ConflictDialog)))
        values, version = load("account", account_id)
        assert values["notes"] == "theirs"  # a field I never touched keeps their change
        assert (values["phone"], values["website"]) == ("022-555", "harbour.example")
        assert version == 3


async def test_new_contact_from_the_card_belongs_to_the_account(db):
    account_id = save("account", {**BASE, "name": "Atlas Parts"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await pilot.press("]", "]")  # basics → business → contacts
        await pilot.pause()
        await open_form(pilot, app, "n")
        assert form(app).kind == "contact"
        await pilot.press(*"Mary Lee")
        editor(app, "birthday").value = "1980-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form(app).field("birthday").error is not None
        editor(app, "birthday").value = "1980-03-01"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        contact = m.Contact.get(m.Contact.name == "Mary Lee")
        assert contact.account_id == account_id
        assert "mary lee" in m.Account.get_by_id(account_id).search_text


async def test_accepting_the_size_suggestion_saves_it(db):
    from kam_tui.areas.customers.ui.suggestions_dialog import SuggestionsDialog

    account_id = save("account", {**BASE, "name": "Summit Mining", "installed_base": "320",
                                  "operating_scope": "cross_region",
                                  "enterprise_size": "small"}, today=TODAY)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await wait_for(pilot, lambda: app.screen.card is not None)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SuggestionsDialog))
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        assert load("account", account_id)[0]["enterprise_size"] == "large"
        await pilot.press("u")  # an accepted suggestion is undone like a delete
        await wait_for(pilot, lambda: load("account", account_id)[0]["enterprise_size"]
                       == "small")
        values, version = load("account", account_id)
        assert version == 3 and values["installed_base"] == 320  # nothing else changed


@pytest.mark.sqlite_only
async def test_a_stored_value_that_does_not_parse_is_shown_to_be_corrected(db, monkeypatch):
    account_id = save("account", {**BASE, "name": "Harbour Co"}, today=TODAY)
    m.Account.update(first_cooperation_date="2026-02-30").where(
        m.Account.id == account_id).execute()  # as another program could leave it
    app = make_app(db)
    told = errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        screen = await open_form(pilot, app, "e")
        field = screen.field("first_cooperation_date")
        assert field.raw() == "2026-02-30" and field.error is not None
        shown = str(field.query_one(".field-error").render())
        assert "invalid value stored" in shown or "not a real date" in shown
        await pilot.press("ctrl+s")  # saving asks for it to be corrected first
        await wait_for(pilot, lambda: told == ["1 field(s) need attention"])  # the save refused
        await settled(pilot)
        assert app.screen is screen and field.error is not None
        assert app.focused is field.editor  # the field to correct takes the cursor
        assert m.Account.get_by_id(account_id).version == 1
        editor(app, "first_cooperation_date").value = "2026-02-28"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
        assert str(m.Account.get_by_id(account_id).first_cooperation_date) == "2026-02-28"

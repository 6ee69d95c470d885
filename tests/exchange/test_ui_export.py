"""Pilot tests of the export dialog, opened with ctrl+e from the account list, the pipeline
board and the calendar's Today list: the file holds what the screen shows, in its order."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
import vobject
from python_calamine import CalamineWorkbook
from rich.console import Console

from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.customers.service import AccountService
from kam_tui.areas.customers.ui.list_screen import CustomersScreen
from kam_tui.areas.exchange.export_service import Format
from kam_tui.areas.exchange.ui.export_dialog import ExportRecordsDialog
from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.core.db import models as m
from kam_tui.core.domain import fields as f
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from kam_tui.ui.help_screen import HelpScreen
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from tests.helpers import TODAY, table, wait_for

PERSONAL = [spec.en for spec in f.CONTACT_FIELDS if spec.private]


@pytest.fixture
def demo(db):
    generate_demo(db, TODAY)
    return db


def make_app(db, lang: str = "en") -> KamApp:
    return KamApp(db, lang=lang, today=TODAY)


def dialog(app: KamApp) -> ExportRecordsDialog:
    screen = app.screen
    assert isinstance(screen, ExportRecordsDialog)
    return screen


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def ids_of(model, uuids: list[str]) -> list[int]:
    """Return the ids of the rows with the given kam IDs, in the same order."""
    by_uuid = dict(model.select(model.uuid, model.id).tuples())
    return [by_uuid[uuid] for uuid in uuids]


async def open_export(pilot, app: KamApp) -> ExportRecordsDialog:
    await pilot.press("ctrl+e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportRecordsDialog))
    return dialog(app)


async def export_to(pilot, app: KamApp, path: Path, fmt: Format | None = None,
                    personal: bool = False) -> None:
    """Choose the format with keys, type the path, tick personal if asked, ctrl+s."""
    shown = dialog(app)
    if fmt is not None:
        await pilot.press("shift+tab", "enter")  # from the path to the format list, opened
        for _ in range(shown.formats.index(fmt)):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown.query_one("#exp-format").value is fmt)
    shown.query_one("#exp-path").value = str(path)
    if personal:
        await pilot.press("ctrl+t")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not isinstance(app.screen, ExportRecordsDialog))


async def list_ready(pilot, app: KamApp) -> CustomersScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen)
                   and app.screen._loaded_once)
    return app.screen


def shown_keys(grid) -> list[int]:
    return [int(grid.key_at(row)) for row in range(grid.row_count)]


@pytest.mark.both_engines
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_account_list_exports_its_search_and_sort_as_csv_with_a_bom(
        demo, tmp_path, lang):
    app = make_app(demo, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await list_ready(pilot, app)
        total = table(app).row_count
        await pilot.press("slash", *"co", "enter")  # a search the list narrows to
        await pilot.press("o", "r")  # sorted by class, descending
        await wait_for(pilot, lambda: screen.account_query.search == "co"
                       and screen.account_query.sort == "abc_class"
                       and screen.account_query.descending
                       and table(app).row_count < total and table(app).key_at(0) is not None)
        await wait_for(pilot, lambda: all(table(app).key_at(row) is not None
                                          for row in range(table(app).row_count)))
        expected = shown_keys(table(app))
        await open_export(pilot, app)
        target = tmp_path / "accounts.csv"
        await export_to(pilot, app, target)
        assert target.read_bytes()[:3] == b"\xef\xbb\xbf"
        rows = read_csv(target)
        assert rows[0][0] == ("客户名称" if lang == "zh" else "Name")
        assert ids_of(m.Account, [row[-1] for row in rows[1:]]) == expected
        assert mode(target) == 0o600


async def test_the_account_list_exports_xlsx_and_the_contacts_of_its_accounts_as_vcard(
        demo, tmp_path):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await list_ready(pilot, app)
        await pilot.press("slash", *"wang", "enter")
        await wait_for(pilot, lambda: screen.account_query.search == "wang"
                       and table(app).row_count and table(app).key_at(0) is not None)
        expected = AccountService(demo, lambda: TODAY).ids(screen.account_query)
        assert shown_keys(table(app)) == expected
        await open_export(pilot, app)
        target = tmp_path / "accounts.xlsx"
        await export_to(pilot, app, target, Format.XLSX)
        sheets = CalamineWorkbook.from_path(str(target))
        assert sheets.sheet_names == ["Accounts"]
        rows = sheets.get_sheet_by_name("Accounts").to_python()
        assert ids_of(m.Account, [row[-1] for row in rows[1:]]) == expected
        assert mode(target) == 0o600

        await open_export(pilot, app)
        cards = tmp_path / "contacts.vcf"
        await export_to(pilot, app, cards, Format.VCF)
        read = list(vobject.readComponents(cards.read_text(encoding="utf-8")))
        contacts = (m.Contact.select().where(m.Contact.account.in_(expected)
                                            & m.Contact.deleted_at.is_null()))
        order = {account_id: index for index, account_id in enumerate(expected)}
        wanted = sorted(contacts, key=lambda contact: (order[contact.account_id], contact.id))
        assert [card.uid.value for card in read] == [contact.uuid for contact in wanted]
        assert not any("bday" in card.contents for card in read)
        assert mode(cards) == 0o600


@pytest.mark.both_engines
async def test_the_board_exports_its_open_deals_column_by_column_with_its_filters(
        demo, tmp_path):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                       and app.screen.board.loaded)
        board = app.screen
        await pilot.press("slash", *"co", "enter")
        await wait_for(pilot, lambda: board.board_query.search == "co"
                       and board._stats is not None and board._order.settled())
        expected = board.service.ids(board.board_query)
        shown = [card.id for stage in sorted(board.board.columns)
                 for _, card in sorted(board.board.columns[stage].cards.items())]
        assert expected and shown == expected[:len(shown)]
        assert len(expected) == board._stats.open_count
        await open_export(pilot, app)
        target = tmp_path / "deals.xlsx"
        await export_to(pilot, app, target, Format.XLSX)
        rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name(
            "Opportunities").to_python()
        header = rows[0]
        assert ids_of(m.Opportunity, [row[header.index("kam ID")] for row in rows[1:]]) == expected
        amounts = [row[header.index("Amount")] for row in rows[1:]]
        assert all(isinstance(value, float) or value == "" for value in amounts)
        assert mode(target) == 0o600


async def test_the_today_list_exports_its_revisits_birthdays_only_when_ticked(
        demo, tmp_path):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        await pilot.press("a")
        grid = app.screen.query_one("#cal-today")
        await wait_for(pilot, lambda: app.screen.view == "today" and grid.row_count
                       and all(grid.key_at(row) is not None for row in range(grid.row_count)))
        shown = shown_keys(grid)
        birthdays = {revisit.id for revisit in m.Revisit.select().where(
            m.Revisit.rule == "birthday")}
        await open_export(pilot, app)
        plain = tmp_path / "today.csv"
        await export_to(pilot, app, plain)
        exported = ids_of(m.Revisit, [row[-2] for row in read_csv(plain)[1:]])
        assert exported == [each for each in shown if each not in birthdays]
        await open_export(pilot, app)
        personal = tmp_path / "today-all.csv"
        await export_to(pilot, app, personal, personal=True)
        assert ids_of(m.Revisit, [row[-2] for row in read_csv(personal)[1:]]) == shown
        assert mode(plain) == mode(personal) == 0o600


async def test_an_existing_file_is_replaced_only_when_the_rep_says_so(demo, tmp_path):
    app = make_app(demo)
    target = tmp_path / "mine.csv"
    target.write_text("mine")
    async with app.run_test(size=(100, 30)) as pilot:
        await list_ready(pilot, app)
        shown = await open_export(pilot, app)
        shown.query_one("#exp-path").value = str(target)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is shown and not shown.busy)
        assert target.read_text() == "mine"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        assert read_csv(target)[0][0] == "Name" and mode(target) == 0o600


async def test_a_refused_path_is_said_in_the_dialog_and_escape_cancels(demo, tmp_path, db_path,
                                                                      engine):
    if engine == "postgresql":
        pytest.skip("a server's database is no file here that an export could overwrite")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await list_ready(pilot, app)
        shown = await open_export(pilot, app)
        shown.query_one("#exp-path").value = str(db_path)  # the open database itself
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")  # even asked to replace it, kam never writes onto its database
        await wait_for(pilot, lambda: app.screen is shown and not shown.busy and shown.query_one(
            "#exp-error").has_class("-shown"))
        assert "is your kam database" in str(shown.query_one("#exp-error").render())
        shown.query_one("#exp-path").value = ""
        await pilot.press("ctrl+s")
        assert app.t("exp.path_needed") in str(shown.query_one("#exp-error").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))


async def test_the_personal_box_is_off_and_ticking_it_exports_birthdays_in_vcards(
        demo, tmp_path):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await list_ready(pilot, app)
        shown = await open_export(pilot, app)
        assert shown.query_one("#exp-personal").value is False
        cards = tmp_path / "all.vcf"
        await export_to(pilot, app, cards, Format.VCF, personal=True)
        read = list(vobject.readComponents(cards.read_text(encoding="utf-8")))
        assert any("bday" in card.contents for card in read)


@pytest.mark.parametrize("area", ["1", "2", "4"])
async def test_ctrl_e_is_in_the_footer_the_help_and_the_palette(demo, area):
    app = make_app(demo, "zh")
    async with app.run_test(size=(240, 40)) as pilot:
        await pilot.press(area)
        label = app.t("tool.export")

        def footer() -> dict[str, str]:
            return {active.binding.key: active.binding.description
                    for active in app.screen.active_bindings.values()}

        await wait_for(pilot, lambda: "ctrl+e" in footer())
        assert footer()["ctrl+e"] == label == "导出…"
        keys = [key for key in app.screen.query("FooterKey") if key.key == "ctrl+e"]
        assert keys and keys[0].display
        titles = [(command.title, command.help) for command in
                  app.get_system_commands(app.screen)]
        assert [help for title, help in titles if title == label] == ["^e"]
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=200, record=True)
        console.print(app.screen.query_one("#help-body").content)
        assert label in console.export_text()


async def test_the_palette_opens_an_export_of_everything(demo, tmp_path):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await list_ready(pilot, app)
        app.open_tool("export")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportRecordsDialog))
        target = tmp_path / "all.xlsx"
        await export_to(pilot, app, target)  # XLSX first: a sheet per kind
        assert len(CalamineWorkbook.from_path(str(target)).sheet_names) == 6

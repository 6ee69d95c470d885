"""Pilot tests of the import wizard, driven with keys as a rep would, step by step."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Static

from kam_tui.areas.customers.ui.list_screen import CustomersScreen
from kam_tui.areas.exchange.service import ImportService, Mode
from kam_tui.areas.exchange.ui.import_wizard_screen import ImportWizardScreen
from kam_tui.core.db import models as m
from kam_tui.ui.app import KamApp
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from tests.exchange import files
from tests.helpers import TODAY, add_account, settled, table, wait_for

HEADER = ["客户名称", "联系电话", "区域", "客户类别", "首次合作日期", "备注"]
ROWS = [["济南重汽运输", "05318888666", "华东", "A 战略客户", "2026-01-05", "老客户"],
        ["北京远达物流", "13800138000", "华北", "B", "2026/3/1", ""],
        ["济南重汽运输", "05318888666", "华东", "A", "", "第二次出现"]]


def make_app(db, lang: str = "en") -> KamApp:
    return KamApp(db, lang=lang, today=TODAY)


def wizard(app: KamApp) -> ImportWizardScreen:
    screen = app.screen
    assert isinstance(screen, ImportWizardScreen)
    return screen


def shown(app: KamApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def cells_of(grid: DataTable) -> list[str]:
    return [str(grid.get_cell_at((r, col))) if hasattr(grid.get_cell_at((r, col)), "plain")
            else str(grid.get_cell_at((r, col)))
            for r in range(grid.row_count) for col in range(len(grid.columns))]


async def open_wizard(pilot, app: KamApp) -> None:
    """From the account list, press i and wait for the wizard."""
    await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen)
                   and app.screen._loaded_once)
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen))


async def type_path(pilot, app: KamApp, path: Path) -> None:
    """Type the file's path and press Enter: the wizard shows how it reads the file."""
    app.screen.query_one("#imp-path").value = str(path)
    await pilot.press("enter")
    await wait_for(pilot, lambda: wizard(app).inspection is not None)


async def step(pilot, app: KamApp, key: str, number: int) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: wizard(app).step == number and not wizard(app).busy)


async def to_report(pilot, app: KamApp, path: Path) -> ImportWizardScreen:
    """Walk the first five steps with the engine's guesses and run the dry run."""
    await open_wizard(pilot, app)
    await type_path(pilot, app, path)
    await step(pilot, app, "ctrl+s", 2)
    await step(pilot, app, "enter", 3)
    await step(pilot, app, "ctrl+s", 4)
    await step(pilot, app, "ctrl+s", 5)
    await step(pilot, app, "ctrl+s", 6)
    return wizard(app)


async def import_now(pilot, app: KamApp) -> ImportWizardScreen:
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: wizard(app).result is not None and not wizard(app).busy)
    return wizard(app)


def counts(report) -> tuple[int, ...]:
    return (report.rows, report.new, report.updated, report.unchanged, report.duplicates,
            report.refused, report.not_found)


@pytest.mark.both_engines
async def test_a_gbk_csv_through_every_step_then_the_list_shows_it(db, tmp_path, engine):
    path = files.gbk_csv(tmp_path / "客户.csv", [HEADER, *ROWS])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        assert "gb18030" in shown(app, "#imp-read").lower()
        assert "济南重汽运输" in cells_of(app.screen.query_one("#imp-raw", DataTable))
        await step(pilot, app, "ctrl+s", 2)
        assert app.screen.query_one("#imp-head", DataTable).cursor_row == 0
        await step(pilot, app, "enter", 3)
        assert wizard(app).options.mapping[:4] == ["name", "phone", "region", "abc_class"]
        await step(pilot, app, "ctrl+s", 4)
        preview = cells_of(app.screen.query_one("#imp-preview", DataTable))
        assert "A strategic" in preview and "2026-03-01" in preview
        await step(pilot, app, "ctrl+s", 5)
        await step(pilot, app, "ctrl+s", 6)
        dry = wizard(app).report
        assert (dry.new, dry.duplicates, dry.refused) == (2, 1, 0)
        assert m.Account.select().count() == 0  # a dry run stores nothing
        screen = await import_now(pilot, app)
        assert counts(screen.result) == counts(dry)  # the dry run is the real run
        if engine == "sqlite":  # a server's database is no file: the server backs it up
            assert screen.result.backup is not None and screen.result.backup.exists()
        else:
            assert screen.result.backup is None
        assert sorted(a.name for a in m.Account.select()) == ["北京远达物流", "济南重汽运输"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await wait_for(pilot, lambda: table(app).row_count == 2)


async def test_an_xlsx_with_a_title_row_a_changed_column_and_a_saved_mapping(db, tmp_path):
    path = files.xlsx(tmp_path / "名录.xlsx", [HEADER, *ROWS[:2]], title="2026年大客户名录",
                      date_columns=[4])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        assert "客户" in shown(app, "#imp-read")  # the sheet's name
        await step(pilot, app, "ctrl+s", 2)
        head = app.screen.query_one("#imp-head", DataTable)
        assert head.cursor_row == 1  # the title row is passed over: the header is row 2
        await pilot.press("up")  # the rep tries the title row, then thinks better of it
        await pilot.press("down")
        await step(pilot, app, "enter", 3)
        assert wizard(app).inspection.header_row == 2
        await pilot.press("down", "down", "enter")  # 区域: do not import
        await wait_for(pilot, lambda: app.screen.query("#imp-targets"))
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen))
        assert wizard(app).options.mapping[2] == ""
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.query("#imp-mapping-name"))
        await pilot.press(*"dealers", "enter")
        await wait_for(pilot, lambda: ImportService(db).load_mapping("dealers") is not None)
        await pilot.press("down", "enter")  # 客户类别 → back to its automatic target
        await wait_for(pilot, lambda: app.screen.query(OptionList))
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen)
                       and wizard(app).options.mapping[3] == "")
        await pilot.press("l")
        await wait_for(pilot, lambda: app.screen.query("#imp-mapping-name"))
        await pilot.press(*"dealers", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen)
                       and wizard(app).options.mapping[3] == "abc_class")
        assert wizard(app).options.mapping[2] == ""  # as saved
        await step(pilot, app, "ctrl+s", 4)
        await step(pilot, app, "ctrl+s", 5)
        await step(pilot, app, "ctrl+s", 6)
        screen = await import_now(pilot, app)
        assert screen.result.new == 2
        stored = m.Account.get(m.Account.name == "济南重汽运输")
        assert (stored.region, stored.abc_class) == ("", "A")
        assert str(stored.first_cooperation_date) == "2026-01-05"


async def test_a_hostile_cell_is_shown_literally_and_refused_rows_block(db, tmp_path):
    evil = "[bold red]Evil[/] \x1b[2J\x07 Corp"
    path = files.excel_utf8_csv(tmp_path / "bad.csv", [
        HEADER, [evil, "1", "", "A", "2026-02-30", "=HYPERLINK(\"x\")"], ROWS[1]])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        raw = cells_of(app.screen.query_one("#imp-raw", DataTable))
        assert any(text.startswith("[bold red]Evil") for text in raw)  # not markup
        assert not any("\x1b" in text or "\x07" in text for text in raw)
        await step(pilot, app, "ctrl+s", 2)
        await step(pilot, app, "enter", 3)
        await step(pilot, app, "ctrl+s", 4)
        preview = cells_of(app.screen.query_one("#imp-preview", DataTable))
        assert any(text.startswith("⚠ 2026-02-30") for text in preview)
        assert any(text.startswith("[bold red]Evil[/] [2J") for text in preview)  # as stored
        await pilot.press(*["right"] * 5)  # to the date of row 2
        assert "not a real date" in shown(app, "#imp-why")
        await step(pilot, app, "ctrl+s", 5)
        await step(pilot, app, "ctrl+s", 6)
        screen = wizard(app)
        assert (screen.report.refused, screen.report.new) == (1, 1)
        assert screen.report.refused_rows[0].row == 2  # the line as the rep sees it
        assert "refused rows keep the import" in shown(app, "#imp-outcome")
        await pilot.press("ctrl+s")  # blocked: nothing happens
        await settled(pilot)  # the key was handled; an import it started would be done
        assert screen.step == 6 and screen.result is None and m.Account.select().count() == 0
        await pilot.press("w")  # a key only step 6 takes: the wizard is still there
        written = tmp_path / "bad-refused.csv"
        await wait_for(pilot, written.exists)
        assert screen.step == 6 and m.Account.select().count() == 0
        assert "not a real date" in written.read_text(encoding="utf-8-sig")
        await step(pilot, app, "escape", 5)  # back: skip the refused row this time
        await pilot.click("#imp-skip")
        await step(pilot, app, "ctrl+s", 6)
        screen = await import_now(pilot, app)
        assert screen.result.stored and [a.name for a in m.Account.select()] == ["北京远达物流"]


async def test_cancel_midway_stores_nothing(db, tmp_path, monkeypatch):
    rows = [[f"客户{i:04d}", "", "", "C", "", ""] for i in range(1200)]
    path = files.gbk_csv(tmp_path / "big.csv", [HEADER, *rows])
    gate = threading.Event()
    real_run = ImportService.run

    def held_run(self, file, options, *, progress=None, cancel=None):
        def held(done: int) -> None:
            progress(done)
            gate.wait(10)  # the rep presses escape while the first chunk is in

        return real_run(self, file, options, progress=held, cancel=cancel)

    monkeypatch.setattr(ImportService, "run", held_run)
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_report(pilot, app, path)
        assert screen.report.new == 1200
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "500 of 1,200 rows" in shown(app, "#imp-rate"))
        await pilot.press("escape")
        assert screen.cancel.is_set()
        gate.set()
        await wait_for(pilot, lambda: not screen.busy)
        assert "Cancelled: nothing was stored" in shown(app, "#imp-done")
        assert screen.result is None and m.Account.select().count() == 0
        await step(pilot, app, "escape", 6)  # back to the report, to try again


@pytest.mark.both_engines
async def test_update_mode_dry_run_equals_run_and_undo_puts_it_back(db, tmp_path):
    kept = add_account("北京远达物流", region="东北")
    path = files.gbk_csv(tmp_path / "update.csv", [HEADER, *ROWS])
    app = make_app(db, "zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        await step(pilot, app, "ctrl+s", 2)
        await step(pilot, app, "ctrl+s", 3)
        await step(pilot, app, "ctrl+s", 4)
        await step(pilot, app, "ctrl+s", 5)
        await pilot.press("down", "enter")  # create and update
        await step(pilot, app, "ctrl+s", 6)
        screen = wizard(app)
        assert screen.options.mode is Mode.UPSERT
        assert (screen.report.new, screen.report.updated, screen.report.duplicates) == (1, 1, 1)
        assert "试运行" in shown(app, "#imp-counts")
        await import_now(pilot, app)
        assert counts(screen.result) == counts(screen.report)
        assert m.Account.get_by_id(kept).region == "华北"
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: wizard(app).undone)
        assert "已撤销导入" in shown(app, "#imp-done")
        assert [a.name for a in m.Account.alive()] == ["北京远达物流"]
        assert m.Account.get_by_id(kept).region == "东北"


async def test_escape_walks_back_and_asks_before_leaving(db, tmp_path):
    path = files.gbk_csv(tmp_path / "a.csv", [HEADER, *ROWS])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        await step(pilot, app, "ctrl+s", 2)
        await step(pilot, app, "escape", 1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen))
        await pilot.press("escape", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))


async def test_an_unreadable_file_is_said_at_the_first_step(db, tmp_path):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        app.screen.query_one("#imp-path").value = str(tmp_path / "missing.csv")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "There is no file" in shown(app, "#imp-read"))
        app.screen.query_one("#imp-read", Static).update("")
        await pilot.press("ctrl+s")
        # ctrl+s reads the file again, which is still missing: said again, and no step on.
        await wait_for(pilot, lambda: "There is no file" in shown(app, "#imp-read"))
        await settled(pilot)
        assert wizard(app).step == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_palette_and_the_list_key_open_the_wizard(db, lang):
    app = make_app(db, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CustomersScreen))
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count(app.t("tool.import")) == 1  # the list's own key, listed once
        footer = " ".join(active.binding.description for active in
                          app.screen.active_bindings.values())
        assert app.t("tool.import") in footer
        app.open_tool("import")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen))
        assert app.t("imp.step.file") in shown(app, "#imp-title")


async def test_big5_read_as_gb18030_is_put_right_with_the_encoding_override(db, tmp_path):
    path = tmp_path / "台灣.csv"
    path.write_bytes(files.csv_text([["客戶名稱", "聯絡電話"],
                                     ["台北貨運股份有限公司", "02-2345"]]).encode("big5"))
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        assert "gb18030" in shown(app, "#imp-read")  # decodes without an error, wrongly
        assert "台北貨運股份有限公司" not in cells_of(app.screen.query_one("#imp-raw", DataTable))
        first = wizard(app).inspection
        await pilot.press("tab", "tab", "enter")  # the encoding list
        await pilot.press("down", "down", "down", "enter")  # Big5
        await wait_for(pilot, lambda: wizard(app).inspection is not first)
        assert wizard(app).options.encoding == "big5"
        assert "big5" in shown(app, "#imp-read")
        assert "台北貨運股份有限公司" in cells_of(app.screen.query_one("#imp-raw", DataTable))
        await step(pilot, app, "ctrl+s", 2)
        await step(pilot, app, "enter", 3)
        # The synonyms are simplified Chinese: the rep maps the traditional headers by hand.
        assert wizard(app).options.mapping == ["", ""]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query("#imp-targets"))
        await pilot.press("home", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen)
                       and wizard(app).options.mapping == ["name", ""])
        await step(pilot, app, "ctrl+s", 4)
        preview = cells_of(app.screen.query_one("#imp-preview", DataTable))
        assert "台北貨運股份有限公司" in preview


@pytest.mark.both_engines
async def test_contacts_of_known_accounts(db, tmp_path):
    add_account("济南重汽运输")
    path = files.excel_utf8_csv(tmp_path / "联系人.csv", [
        ["客户名称", "联系人", "手机", "职务"],
        ["济南重汽运输", "张伟", "13900001111", "车队长"],
        ["没有这家公司", "李娜", "13900002222", "采购"]])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        app.screen.query_one("#imp-path").value = str(path)
        await pilot.press("tab", "enter", "down", "enter")  # what the rows are: contacts
        await wait_for(pilot, lambda: wizard(app).inspection is not None
                       and wizard(app).options.kind == "contacts")
        await step(pilot, app, "ctrl+s", 2)
        await step(pilot, app, "enter", 3)
        assert wizard(app).options.mapping == ["account", "name", "mobile", "title"]
        await step(pilot, app, "ctrl+s", 4)
        await step(pilot, app, "ctrl+s", 5)
        await step(pilot, app, "ctrl+s", 6)
        report = wizard(app).report
        assert (report.new, report.refused, report.refused_rows[0].row) == (1, 1, 3)


async def test_help_lists_the_steps_keys(db, tmp_path):
    path = files.gbk_csv(tmp_path / "a.csv", [HEADER, *ROWS])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_wizard(pilot, app)
        await type_path(pilot, app, path)
        await step(pilot, app, "ctrl+s", 2)
        await step(pilot, app, "enter", 3)
        footer = [active.binding.description for active in app.screen.active_bindings.values()
                  if app.screen.check_action(active.binding.action, ()) is not False]
        assert {"Next", "Back", "Save mapping", "Use a saved mapping", "Help"} <= set(footer)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen))

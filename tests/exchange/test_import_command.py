"""`kam import`: what it prints and the exit codes, as the lead wires it into cli.py."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kam_tui.areas.exchange.commands import import_command
from kam_tui.core.db import models as m
from kam_tui.core.db.database import open_database
from tests.exchange import files

pytestmark = pytest.mark.both_engines


def kam_import(db_path: Path | str, *argv: str, lang: str = "en") -> int:
    """Parse argv as `kam import …` would be, then run it."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="kam")
    parser.add_argument("--lang")
    commands = parser.add_subparsers(dest="command")
    import_command.add_parser(commands, common)
    args = parser.parse_args(["--lang", lang, "import", *argv])
    return import_command.run(args, db_path)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return files.xlsx(tmp_path / "客户.xlsx", [
        ["客户名称", "联系电话", "保有量", "客户类别"],
        ["北京远达物流有限公司", "01088886666", 120, "A"],
        ["济南重汽运输", 13800138000.0, 3, "B 重点客户"],
        ["北京远达物流", "", 1, "C"],
    ], title="2026年大客户名录")


def _count(db_path: Path | str) -> int:
    db = open_database(db_path)
    try:
        return m.Account.select().count()
    finally:
        db.close()


def test_a_dry_run_prints_the_report_and_stores_nothing(db_target, sheet, capsys) -> None:
    assert kam_import(db_target, str(sheet), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Read 客户.xlsx (sheet '客户', header on row 2): 3 rows of accounts" in out
    assert "客户名称 → Name; 联系电话 → Phone; 保有量 → Installed base (units)" in out
    assert "  new               2" in out and "  duplicates        1" in out
    assert "row 5: The same as row 3 of the file" in out
    assert "Dry run: nothing was stored" in out
    assert _count(db_target) == 0


def test_a_run_imports_and_undo_takes_it_back(db_target, sheet, capsys) -> None:
    assert kam_import(db_target, str(sheet)) == 0
    out = capsys.readouterr().out
    assert "Imported as batch 1 (undo: kam import --undo 1)" in out
    assert _count(db_target) == 2
    assert kam_import(db_target, "--list") == 0
    assert "#1" in capsys.readouterr().out
    assert kam_import(db_target, "--undo", "1") == 0
    assert "Undid import 1: removed 2, put back 0" in capsys.readouterr().out
    assert _count(db_target) == 0
    assert kam_import(db_target, "--undo", "1") == 1
    assert "already undone" in capsys.readouterr().err


def test_a_second_import_is_backed_up_first(db_target, sheet, capsys, engine) -> None:
    kam_import(db_target, str(sheet))
    assert kam_import(db_target, str(sheet), "--mode", "upsert") == 0
    out = capsys.readouterr().out
    assert "  unchanged         2" in out
    # A server's database is no file: the server backs it up, not the import.
    assert ("backup:" in out) is (engine == "sqlite")


def test_refused_rows_fail_the_import_and_are_written_out(db_target, tmp_path, capsys) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [["客户名称", "保有量"], ["甲", "1"], ["乙", "很多"]])
    assert kam_import(db_target, str(path)) == 1
    captured = capsys.readouterr().out
    assert "row 3: Installed base (units): Enter a whole number, like 1200" in captured
    assert "Not imported: 1 rows were refused, nothing was stored" in captured
    assert (tmp_path / "a-refused.csv").is_file()
    assert _count(db_target) == 0
    assert kam_import(db_target, str(path), "--skip-refused") == 0
    assert (tmp_path / "a-refused-2.csv").is_file()  # the first one is not overwritten
    assert _count(db_target) == 1


def test_the_report_in_chinese(db_target, sheet, capsys) -> None:
    assert kam_import(db_target, str(sheet), "--dry-run", lang="zh") == 0
    out = capsys.readouterr().out
    assert "读取 客户.xlsx（工作表「客户」，表头在第 2 行）：3 行客户" in out
    assert "第 5 行: 与文件第 3 行重复" in out and "试运行：未保存任何内容" in out


def test_hostile_cells_print_as_one_safe_line(db_target, tmp_path, capsys) -> None:
    path = files.excel_utf8_csv(tmp_path / "a.csv", [["客户名称"], ["\x1b[31m坏\x1b[0m"],
                                                    ["\x1b[31m坏\x1b[0m"]])
    kam_import(db_target, str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "\x1b" not in out


def test_setup_errors_exit_2(db_target, tmp_path, capsys) -> None:
    assert kam_import(db_target, str(tmp_path / "missing.csv")) == 2
    assert "There is no file" in capsys.readouterr().err
    path = files.gbk_csv(tmp_path / "a.csv", [["电话"], ["010"]])
    assert kam_import(db_target, str(path)) == 2
    assert "No column is mapped to Name" in capsys.readouterr().err
    assert kam_import(db_target) == 2
    assert kam_import(db_target, str(path), "--mapping", "none") == 2


def test_a_mapping_saved_by_name(db_target, tmp_path, capsys) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [["单位名称", "片区"], ["甲", "华北"]])
    assert kam_import(db_target, str(path), "--dry-run", "--save-mapping", "monthly") == 0
    assert "Column mapping saved as 'monthly'" in capsys.readouterr().out
    assert kam_import(db_target, str(path), "--mapping", "monthly") == 0

"""Reading the files reps bring: encodings found, delimiters sniffed, sheets with titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kam_tui.areas.exchange.readers.table import UnreadableFile, open_table
from kam_tui.areas.exchange.readers.text import sniff_delimiter
from tests.exchange import files

ROWS = [["客户名称", "联系电话", "地址"], ["北京远达物流有限公司", "01088886666", "北京市朝阳区"],
        ["济南重汽运输", "0531-88886666", "山东省济南市"]]


def _cells(table) -> list[list[str]]:
    return [cells for _, cells in table.rows()]


def test_a_gbk_csv_from_chinese_excel(tmp_path: Path) -> None:
    table = open_table(files.gbk_csv(tmp_path / "a.csv", ROWS))
    assert (table.encoding, table.encoding_found, table.delimiter) == ("gb18030", "strict", ",")
    assert _cells(table) == ROWS


def test_a_short_gbk_file_is_not_called_korean(tmp_path: Path) -> None:
    table = open_table(files.gbk_csv(tmp_path / "a.csv", [["客户"], ["张伟"]]))
    assert table.encoding == "gb18030"
    assert _cells(table) == [["客户"], ["张伟"]]


def test_a_utf8_csv_with_the_bom_excel_writes(tmp_path: Path) -> None:
    table = open_table(files.excel_utf8_csv(tmp_path / "a.csv", ROWS))
    assert (table.encoding, table.encoding_found) == ("utf-8-sig", "bom")
    assert _cells(table)[0][0] == "客户名称"  # no BOM glued to the first header


def test_unicode_text_is_utf16_and_tab_separated(tmp_path: Path) -> None:
    table = open_table(files.unicode_text(tmp_path / "a.txt", ROWS))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert _cells(table) == ROWS


def test_a_semicolon_csv(tmp_path: Path) -> None:
    rows = [["Name", "Phone", "Amount"], ["Acme", "0123", "1,5"], ["Beta", "0456", "2,0"]]
    table = open_table(files.semicolon_csv(tmp_path / "a.csv", rows))
    assert (table.encoding, table.delimiter) == ("utf-8", ";")
    assert _cells(table) == rows


def test_the_delimiter_is_found_below_a_title_line() -> None:
    sample = "2026年客户名录\n名称\t电话\t地址\n甲\t1\t北京\n乙\t2\t上海\n"
    assert sniff_delimiter(sample) == "\t"


def test_big5_reads_as_gb18030_unless_the_rep_names_it(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes("客戶名稱,電話\n台北運輸,02-2345\n".encode("big5"))
    assert open_table(path).encoding in ("gb18030", "big5")  # the preview shows which
    table = open_table(path, encoding="big5")
    assert _cells(table) == [["客戶名稱", "電話"], ["台北運輸", "02-2345"]]


def test_row_numbers_are_the_lines_an_editor_shows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('名称,备注\n甲,"两行\n的备注"\n乙,x\n', encoding="utf-8")
    assert [number for number, _ in open_table(path).rows()] == [1, 2, 4]


def test_an_xlsx_with_a_title_row_keeps_sheet_row_numbers(tmp_path: Path) -> None:
    rows = [["客户名称", "保有量", "首次合作日期"], ["远达物流", 120, 46027]]
    path = files.xlsx(tmp_path / "a.xlsx", rows, title="2026年大客户名录", date_columns=[2])
    table = open_table(path)
    assert (table.format, table.sheet, table.sheet_names) == ("sheet", "客户", ("客户",))
    read = list(table.rows())
    assert [number for number, _ in read] == [1, 2, 3]
    assert read[1][1] == ["客户名称", "保有量", "首次合作日期"]
    assert read[2][1][1] == 120.0  # calamine: every number a float


def test_a_missing_file_or_sheet_is_said(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile):
        open_table(tmp_path / "none.csv")
    path = files.xlsx(tmp_path / "a.xlsx", [["名称"], ["甲"]])
    with pytest.raises(UnreadableFile) as caught:
        open_table(path, sheet="Sheet9")
    assert "客户" in caught.value.en

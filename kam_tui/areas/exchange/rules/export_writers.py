"""The spreadsheet and address-book formats, written row by row to an open binary file.

Each writer takes its rows as an iterator and never holds more than one row (xlsxwriter in
constant-memory mode flushes each row to its temporary file as the next one starts), so a
100,000-account export costs the memory of one page of rows.

- CSV: UTF-8 with a BOM, so Chinese Excel opens it as UTF-8; CRLF rows; formulas neutralised.
- XLSX: one sheet per kind, headers in the rep's language, real numbers, dates and yes/no,
  a frozen header row; text always a string cell, never a formula or a link.
- vCard 3.0: one card per contact (export_vcard).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

import xlsxwriter

from kam_tui.areas.exchange.rules.export_cells import Column, converter, csv_converter
from kam_tui.areas.exchange.rules.export_vcard import Card, vcard
from kam_tui.core.domain.vocab import Lang

EXCEL_MAX_ROWS = 1_048_576  # header included; more rows continue on a sheet "Name (2)"
_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass
class SheetRows:
    """One sheet to write: its title, columns and rows (each a sequence, one value per column)."""

    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[Any]]


def write_csv(handle: BinaryIO, columns: tuple[Column, ...], rows: Iterable[Sequence[Any]],
              lang: Lang = "en") -> int:
    """Write a header and the rows as CSV (UTF-8 with a BOM); return the number of rows."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=False)
    try:
        out = csv.writer(text, dialect="excel", quoting=csv.QUOTE_MINIMAL)
        out.writerow([column.header(lang) for column in columns])
        cells = [csv_converter(column, lang) for column in columns]
        count = 0
        for row in rows:
            out.writerow([cell(value) for cell, value in zip(cells, row)])
            count += 1
        text.flush()
    finally:
        text.detach()  # the caller's file stays open: it is the caller's to finish
    return count


def _sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(_SHEET_NAME_BAD).strip("' ")[:_SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


class _Xlsx:
    """A constant-memory workbook: sheets written one after the other, rows in order."""

    def __init__(self, handle: BinaryIO, lang: Lang) -> None:
        self.lang = lang
        self.book = xlsxwriter.Workbook(handle, {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        })
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDEBF7",
                                            "bottom": 1})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.taken: set[str] = set()

    def _new_sheet(self, title: str, columns: tuple[Column, ...]) -> Any:
        sheet = self.book.add_worksheet(_sheet_name(title, self.taken))
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
        for index, column in enumerate(columns):
            sheet.write_string(0, index, column.header(self.lang), self.header)
        sheet.freeze_panes(1, 0)
        return sheet

    def _cell(self, sheet: Any, row: int, col: int, shown: Any) -> None:
        if shown is None or shown == "":
            return  # constant-memory mode: a cell never written is an empty cell
        kind = type(shown)
        if kind is str:
            sheet.write_string(row, col, shown)  # never a formula, never a link
        elif kind is bool:
            sheet.write_boolean(row, col, shown)
        elif kind is int:
            sheet.write_number(row, col, shown)
        elif isinstance(shown, date):
            sheet.write_datetime(row, col, shown, self.date)

    def add(self, rows: SheetRows) -> int:
        sheet = self._new_sheet(rows.title, rows.columns)
        typed = [converter(column, self.lang) for column in rows.columns]
        line = 1
        count = 0
        for row in rows.rows:
            if line >= EXCEL_MAX_ROWS:
                sheet = self._new_sheet(rows.title, rows.columns)
                line = 1
            for col, (convert, value) in enumerate(zip(typed, row)):
                self._cell(sheet, line, col, convert(value))
            line += 1
            count += 1
        return count

    def close(self) -> None:
        self.book.close()


def write_xlsx(handle: BinaryIO, sheets: Iterable[SheetRows], lang: Lang = "en") -> list[int]:
    """Write one sheet per entry, in order; return the number of rows of each."""
    book = _Xlsx(handle, lang)
    counts = [book.add(sheet) for sheet in sheets]
    book.close()
    return counts


def write_vcards(handle: BinaryIO, cards: Iterable[Card], *, include_personal: bool) -> int:
    """Write every card as vCard 3.0 in UTF-8; return the number of cards."""
    count = 0
    for card in cards:
        handle.write(vcard(card, include_personal=include_personal).encode("utf-8"))
        count += 1
    return count

"""Real files as reps' programs write them, made in the tests."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def csv_text(rows: Sequence[Sequence[Any]], delimiter: str = ",") -> str:
    """Return rows as Excel writes CSV: CRLF, quotes only where needed."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def gbk_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """A CSV as Chinese Excel on Windows saves it: GBK, no BOM."""
    path.write_bytes(csv_text(rows).encode("gbk"))
    return path


def excel_utf8_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """"CSV UTF-8 (Comma delimited)" as Excel saves it: a BOM, CRLF."""
    path.write_bytes(codecs.BOM_UTF8 + csv_text(rows).encode("utf-8"))
    return path


def unicode_text(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated."""
    path.write_bytes(codecs.BOM_UTF16_LE + csv_text(rows, "\t").encode("utf-16-le"))
    return path


def semicolon_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """A CSV from a European-locale Excel: semicolons, UTF-8."""
    path.write_text(csv_text(rows, ";"), encoding="utf-8")
    return path


def xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title: str | None = None,
         sheet: str = "客户", date_columns: Sequence[int] = ()) -> Path:
    """An XLSX written by xlsxwriter: an optional merged title row above the rows, numbers as
    numbers, dates as serial numbers with a date format in the given columns."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    page = book.add_worksheet(sheet)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    first = 0
    if title is not None:
        width = max(len(row) for row in rows)
        page.merge_range(0, 0, 0, max(width - 1, 1), title)
        first = 1
    for r, row in enumerate(rows):
        for col, value in enumerate(row):
            if value is None:
                continue
            if col in date_columns and isinstance(value, (int, float)) and r > 0:
                page.write_number(first + r, col, value, dates)
            elif isinstance(value, str):
                page.write_string(first + r, col, value)
            else:
                page.write(first + r, col, value)
    book.close()
    return path

"""One way to read the rows of any file a rep brings: CSV/TSV/TXT, XLSX, XLSM, XLSB, XLS, ODS.

A `Table` says how the file is read (format, encoding, delimiter, sheet) and yields its rows
one at a time with the row number the rep sees: the line in a text editor, the row in Excel.
Spreadsheets are read with python-calamine, which gives numbers as floats and dates as `date`
or `datetime` where the cell has a date format; the rules turn those into field values.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from kam_tui.areas.exchange.readers import text
from kam_tui.core.domain.refusal import Refusal

SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab"})


class UnreadableFile(Refusal):
    """A file that cannot be read as a table, with the reason in English and Chinese."""


@dataclass
class Table:
    """A file opened for reading rows; `rows()` can be called again to start over."""

    path: Path
    format: str  # "text" or "sheet"
    encoding: str = ""
    encoding_found: str = ""  # how: "bom", "strict", "detected", "fallback", "given"
    delimiter: str = ""
    sheet: str = ""
    sheet_names: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Yield (row number as the rep sees it, cells) for every row, blank ones included."""
        if self.format == "text":
            yield from text.text_rows(self.path, self.encoding, self.delimiter)
            return
        yield from _sheet_rows(self.path, self.sheet)

    def head(self, count: int) -> list[tuple[int, list[Any]]]:
        """Return the first rows (for the header guess and a preview)."""
        return list(islice(self.rows(), count))


def _kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return "sheet"
    if suffix in TEXT_SUFFIXES:
        return "text"
    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "sheet"
    return "text"


def _workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own errors for damaged or locked files
        raise UnreadableFile(f"{path.name} is not a spreadsheet kam can read ({error})",
                             f"无法读取表格 {path.name}（{error}）") from error


def _sheet_rows(path: Path, sheet_name: str) -> Iterator[tuple[int, list[Any]]]:
    book = _workbook(path)
    try:
        sheet = book.get_sheet_by_name(sheet_name)
        start = sheet.start
        first = start[0] if start else 0
        for offset, cells in enumerate(sheet.iter_rows()):
            yield first + offset + 1, list(cells)
    finally:
        book.close()


def open_table(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None) -> Table:
    """Open a file for reading rows: found encoding and delimiter unless given, the first sheet
    unless one is named. Raises UnreadableFile."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UnreadableFile(f"There is no file {path}", f"文件不存在：{path}")
    if _kind_of(path) == "sheet":
        book = _workbook(path)
        try:
            names = tuple(book.sheet_names)
        finally:
            book.close()
        if not names:
            raise UnreadableFile(f"{path.name} has no sheets", f"{path.name} 中没有工作表")
        if sheet is not None and sheet not in names:
            raise UnreadableFile(f"{path.name} has no sheet {sheet!r}; it has {', '.join(names)}",
                                 f"{path.name} 中没有工作表 {sheet!r}；现有：{'、'.join(names)}")
        return Table(path, "sheet", sheet=sheet or names[0], sheet_names=names)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UnreadableFile(f"Unknown encoding {encoding!r}",
                                 f"未知编码 {encoding!r}") from None
        decoding = text.Decoding(encoding, "given")
    else:
        decoding = text.detect_encoding(path)
    if not delimiter:
        sample = text.read_sample(path, decoding.encoding)
        delimiter = text.sniff_delimiter(sample, prefer_tab=path.suffix.lower() in (
            ".tsv", ".tab", ".txt") or decoding.encoding.startswith("utf-16"))
    return Table(path, "text", encoding=decoding.encoding, encoding_found=decoding.how,
                 delimiter=delimiter, warnings=decoding.warnings)

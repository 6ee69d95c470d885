"""Step 1: the file, what its rows are, and how it is read (encoding, delimiter, sheet)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Select, Static

from kam_tui.areas.exchange.rules.columns import TARGETS
from kam_tui.areas.exchange.service import Inspection
from kam_tui.areas.exchange.ui.cells import cell
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.localised import Localised

# The overrides a rep needs: Big5 reads as GB18030 without an error, so it must be pickable.
ENCODINGS = ("", "utf-8-sig", "gb18030", "big5", "utf-16")
DELIMITERS = {"": "imp.auto_delim", ",": "imp.delim.comma", ";": "imp.delim.semicolon",
              "\t": "imp.delim.tab", "|": "imp.delim.pipe"}
RAW_ROWS = 8


class FileStep(Localised, Vertical):
    """The path, the kind of rows, the reading overrides, and the first rows as read."""

    def compose(self) -> ComposeResult:
        t = self.t
        yield CleanInput(placeholder=t("imp.path_placeholder"), id="imp-path", compact=True)
        with Horizontal(id="imp-selects"):
            yield Select([(target.label(self.lang), name) for name, target in TARGETS.items()],
                         value="accounts", allow_blank=False, id="imp-kind", compact=True)
            yield Select([(t("imp.auto") if not code else code.removesuffix("-sig").upper(),
                           code) for code in ENCODINGS], value="", allow_blank=False,
                         id="imp-encoding", compact=True)
            yield Select([(t(key), char) for char, key in DELIMITERS.items()], value="",
                         allow_blank=False, id="imp-delimiter", compact=True)
            yield Select([], prompt=t("imp.sheet"), id="imp-sheet", compact=True,
                         disabled=True)
        yield Static(t("imp.file_hint"), id="imp-read", classes="imp-note")
        yield DataTable(id="imp-raw", cursor_type="none", zebra_stripes=True)

    def show(self, inspection: Inspection | None, error: str = "") -> None:
        """Say how the file was read and show its first rows, or why it could not be."""
        note = self.query_one("#imp-read", Static)
        raw = self.query_one("#imp-raw", DataTable)
        raw.clear(columns=True)
        sheet = self.query_one("#imp-sheet", Select)
        if inspection is None:
            note.update(Text(error or self.t("imp.file_hint"),
                             style="bold red" if error else ""))
            return
        table = inspection.table
        t = self.t
        if table.format == "sheet":
            sheet.set_options([(Text(name), name) for name in table.sheet_names])
            sheet.value = table.sheet
            sheet.disabled = len(table.sheet_names) < 2
            how = t("imp.read_sheet", sheet=table.sheet, count=len(table.sheet_names))
        else:
            sheet.set_options([])
            sheet.disabled = True
            how = t("imp.read_text", encoding=table.encoding,
                    how=t(f"imp.how.{table.encoding_found or 'given'}"),
                    delimiter=t(DELIMITERS.get(table.delimiter, "imp.delim.other")))
        lines = Text(how)
        lines.append(" · " + t("imp.header_guess", row=inspection.header_row))
        for warning in table.warnings:
            lines.append("\n" + t("imp.warning") + " ")
            lines.append_text(cell(warning, 200))
        if table.format == "text":
            lines.append("\n" + t("imp.encoding_hint"), style="dim")
        note.update(lines)
        width = max((len(cells) for _, cells in inspection.head[:RAW_ROWS]), default=0)
        raw.add_column(Text("#"), key="row")
        for index in range(width):
            raw.add_column(Text(str(index + 1)), key=f"c{index}")
        for number, cells in inspection.head[:RAW_ROWS]:
            padded = list(cells) + [None] * (width - len(cells))
            raw.add_row(Text(str(number), style="dim"), *(cell(value, 16) for value in padded))

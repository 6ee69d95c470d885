"""Step 2: which row holds the column names, with the engine's guess preselected."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from kam_tui.areas.exchange.service import Inspection
from kam_tui.areas.exchange.ui.cells import cell, column_letter
from kam_tui.areas.exchange.ui.step_table import StepTable
from kam_tui.ui.localised import Localised


class HeaderStep(Localised, Vertical):
    """The first rows of the file; the rep puts the cursor on the header row."""

    def compose(self) -> ComposeResult:
        yield Static(self.t("imp.header_hint"), classes="imp-note")
        yield StepTable(id="imp-head", cursor_type="row")

    def show(self, inspection: Inspection) -> None:
        """Fill the table with the first rows and put the cursor on the header row."""
        head = self.query_one("#imp-head", DataTable)
        head.clear(columns=True)
        width = max((len(cells) for _, cells in inspection.head), default=0)
        head.add_column(Text(self.t("imp.row")), key="row")
        for index in range(width):
            head.add_column(Text(column_letter(index)), key=f"c{index}")
        guessed = 0
        for position, (number, cells) in enumerate(inspection.head):
            padded = list(cells) + [None] * (width - len(cells))
            head.add_row(Text(str(number), style="dim"), *(cell(value, 18) for value in padded),
                         key=str(number))
            if number == inspection.header_row:
                guessed = position
        head.move_cursor(row=guessed)

    def chosen(self, inspection: Inspection) -> int:
        """Return the row number under the cursor (as the rep sees it)."""
        index = self.query_one("#imp-head", DataTable).cursor_row
        if 0 <= index < len(inspection.head):
            return inspection.head[index][0]
        return inspection.header_row

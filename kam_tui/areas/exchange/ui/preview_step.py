"""Step 4: the first rows as they will be stored, each failing cell marked with its reason."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from kam_tui.areas.exchange.ui.preview_rows import PreviewRow
from kam_tui.core.domain.text import one_line
from kam_tui.ui.i18n import error_text
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.localised import Localised

MARK = "⚠ "


class PreviewStep(Localised, Vertical):
    """A table of stored values; the line under it gives the reason of the cell at the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[PreviewRow] = []
        self._labels: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="imp-preview-note", classes="imp-note")
        yield DataTable(id="imp-preview", cursor_type="cell")
        yield Static("", id="imp-why", classes="imp-note")

    def show(self, labels: Sequence[str], rows: list[PreviewRow]) -> None:
        """Fill the table: a column per imported column, a row per data row."""
        self._rows, self._labels = rows, list(labels)
        table = self.query_one("#imp-preview", DataTable)
        table.clear(columns=True)
        table.add_column(Text(self.t("imp.row")), key="row")
        for index, label in enumerate(labels):
            table.add_column(Text(label), key=f"c{index}")
        failing = 0
        for row in rows:
            shown: list[Text] = [Text(str(row.number), style="dim")]
            for each in row.cells:
                if each.error is not None:
                    failing += 1
                    text = Text(MARK, style="bold red")
                    text.append_text(fmt.literal(each.shown or "—", 18))
                    text.append(" " + one_line(error_text(each.error, self.lang), 30),
                                style="red")
                    shown.append(text)
                else:
                    shown.append(fmt.literal(each.shown, 24))
            table.add_row(*shown)
        self.query_one("#imp-preview-note", Static).update(
            Text(self.t("imp.preview_note", rows=len(rows), failing=failing),
                 style="bold red" if failing else ""))
        self._explain(0, 1)

    @on(DataTable.CellHighlighted, "#imp-preview")
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._explain(event.coordinate.row, event.coordinate.column)

    def _explain(self, row: int, column: int) -> None:
        why = self.query_one("#imp-why", Static)
        if not (0 <= row < len(self._rows)) or not 1 <= column <= len(self._labels):
            why.update("")
            return
        found = self._rows[row].cells[column - 1]
        label = self._labels[column - 1]
        place = self.t("imp.at", row=self._rows[row].number, column=label)
        if found.error is None:
            why.update(Text(place))
            return
        text = Text(place + " ")
        text.append_text(fmt.literal(found.shown, 60))
        text.append(" — " + one_line(error_text(found.error, self.lang), 200), style="bold red")
        why.update(text)

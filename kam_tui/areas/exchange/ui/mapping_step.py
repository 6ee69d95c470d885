"""Step 3: what each column of the file becomes, or "do not import"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.ui.cells import cell, column_letter
from kam_tui.areas.exchange.ui.step_table import StepTable
from kam_tui.ui.localised import Localised


class MappingStep(Localised, Vertical):
    """A row per column of the file: its header, its first value, and where it goes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] = ()  # the columns the table holds

    def compose(self) -> ComposeResult:
        yield Static(self.t("imp.mapping_hint"), classes="imp-note")
        yield StepTable(id="imp-map", cursor_type="row")
        yield Static("", id="imp-missing", classes="imp-note")

    def show(self, kind: str, headers: Sequence[str], mapping: Sequence[str],
             first: Sequence[Any]) -> None:
        """Fill the table (keeping the cursor) and say which needed columns are missing."""
        target = c.TARGETS[kind]
        table = self.query_one("#imp-map", DataTable)
        shown = (kind, tuple(headers), tuple(first))
        same = shown == self._shown
        self._shown = shown
        if not same:
            table.clear(columns=True)
            table.add_column(Text(self.t("imp.col")), key="col")
            table.add_column(Text(self.t("imp.in_file")), key="header")
            table.add_column(Text(self.t("imp.first_value")), key="first")
            table.add_column(Text(self.t("imp.imported_as")), key="target")
        for index, header in enumerate(headers):
            name = mapping[index] if index < len(mapping) else c.IGNORE
            goes = (Text(target.column_label(name, self.lang), style="bold") if name
                    else Text(self.t("imp.ignore"), style="dim"))
            if same:  # a changed target: the cursor and the widths stay where they are
                table.update_cell(str(index), "target", goes, update_width=True)
                continue
            value = first[index] if index < len(first) else None
            table.add_row(Text(column_letter(index), style="dim"), cell(header, 22),
                          cell(value, 18), goes, key=str(index))
        missing = c.required_missing(target, mapping)
        note = self.query_one("#imp-missing", Static)
        if missing:
            names = "、".join if self.lang == "zh" else ", ".join
            note.update(Text(self.t("imp.missing", names=names(
                target.column_label(name, self.lang) for name in missing)), style="bold red"))
        else:
            note.update(Text(self.t("imp.mapped", count=sum(1 for n in mapping if n),
                                    total=len(headers))))

    @property
    def cursor(self) -> int:
        """Return the index of the column under the cursor."""
        return self.query_one("#imp-map", DataTable).cursor_row

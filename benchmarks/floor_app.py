"""The floor: the least a Textual account list can do, to measure kam-tui against.

    python benchmarks/floor_app.py ROWS.json

A Header, a search Input, a DataTable of 100 rows with the account list's columns, a status
line and a Footer. Each keystroke in the search box filters the 100 rows in Python and refills
the table; `/` focuses the search, Enter goes back to the table, `q` quits. ROWS.json is a list
of {"cells": [...], "haystack": "..."} written by benchmarks/run.py.
"""

from __future__ import annotations

import json
import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

COLUMNS = ("Name", "Cls", "Layer", "Status", "Region", "Owner", "Pipeline", "Last contact",
           "Next revisit")


def matches(haystack: str, query: str) -> bool:
    """Return whether every term of the query occurs in the haystack (as kam-tui searches)."""
    return all(term in haystack for term in query.lower().split())


def status_text(shown: int, total: int) -> str:
    """Return the status line in kam-tui's words, so one predicate fits both apps."""
    if shown == total:
        return f"{total:,} accounts"
    return f"{shown:,} of {total:,} accounts"


class FloorApp(App[None]):
    """A header, a searchable 100-row table, a status line and a footer."""

    CSS = "DataTable { height: 1fr; }"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self.all_rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search name, short name, phone, contact, pinyin…",
                    id="search", compact=True)
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=False)
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self._fill("")
        table.focus()

    def _fill(self, query: str) -> None:
        """Refill the table with the rows that match the query."""
        table = self.query_one(DataTable)
        table.clear()
        shown = [row["cells"] for row in self.all_rows if matches(row["haystack"], query)]
        table.add_rows(shown)
        self.query_one("#status", Static).update(" " + status_text(len(shown),
                                                                   len(self.all_rows)))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()


def main(argv: list[str]) -> int:
    """Run the floor app on the rows in the JSON file named by argv[1]."""
    with open(argv[1], encoding="utf-8") as file:
        rows = json.load(file)
    FloorApp(rows).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

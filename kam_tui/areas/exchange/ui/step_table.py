"""A wizard table whose Enter is named in the Footer (the screen says what it does there)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class StepTable(DataTable):
    """A DataTable whose Enter is shown; it is the table's own key, so it waits its turn."""

    BINDINGS = [Binding("enter", "select_cursor", "Pick", id="imp.choose")]

"""Step 7: the import itself, a progress bar with rows per second, and what it did."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from kam_tui.ui.localised import Localised


class RunStep(Localised, Vertical):
    """Progress while the import runs; its outcome (and the undo offer) after it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._started = 0.0
        self._total = 0

    def compose(self) -> ComposeResult:
        # Textual's own estimate ticks with the clock; ours is worked out from rows per second.
        yield ProgressBar(id="imp-bar", show_eta=False)
        yield Static("", id="imp-rate", classes="imp-note")
        yield Static("", id="imp-done")

    def start(self, total: int) -> None:
        """Reset the bar for an import of `total` rows."""
        self._started = time.perf_counter()
        self._total = total
        self.query_one(ProgressBar).update(total=max(total, 1), progress=0)
        self.query_one("#imp-rate", Static).update(self.t("imp.starting"))
        self.query_one("#imp-done", Static).update("")

    def advance(self, rows: int) -> None:
        """Show how many rows are done, at what speed, and about how long is left."""
        self.query_one(ProgressBar).update(progress=rows)
        elapsed = max(time.perf_counter() - self._started, 1e-6)
        rate = rows / elapsed
        left = (self._total - rows) / rate if rate else 0
        self.query_one("#imp-rate", Static).update(
            self.t("imp.rate", rows=rows, total=self._total, rate=int(rate), left=int(left) + 1))

    def finish(self, text: Text, *, done: bool) -> None:
        """Show the outcome (the bar full when the rows were stored)."""
        if done:
            self.query_one(ProgressBar).update(progress=max(self._total, 1))
        self.query_one("#imp-rate", Static).update("")
        self.query_one("#imp-done", Static).update(text)

"""Coverage of the buying group, always in view: weight shares by stance and the warnings."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget

from kam_tui.core.domain.coverage import Coverage
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.coverage_text import coverage_text


class CoveragePanel(Widget):
    """Draws a Coverage reading to fit its width, or a note when there is nothing to assess."""

    def __init__(self, t: Callable[..., str], lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.t = t
        self.lang = lang
        self.coverage: Coverage | None = None
        self.note = ""

    def show(self, found: Coverage | None, note: str = "") -> None:
        """Show a reading, or a note when there is nothing to assess."""
        self.coverage = found
        self.note = note
        self.refresh(layout=True)

    def render(self) -> Text:
        return self._build(self.size.width)

    def _build(self, width: int) -> Text:
        if self.coverage is None:
            return Text(one_line(self.note, 300), style="dim")
        return coverage_text(self.coverage, self.t, self.lang, width)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return len(self._build(width).wrap(self.app.console, max(width, 1)))

"""Coverage of the buying group, always in view: weight shares by stance and the warnings."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from kam_tui.areas.relationships.rules import coverage
from kam_tui.areas.relationships.rules.coverage import Coverage
from kam_tui.areas.relationships.ui.org_chart import STANCE_STYLES
from kam_tui.core.domain.text import one_line

SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "note": ""}
BARS = range(40, 64)  # widths that get one share per line with a bar; wider ones fit one line


class CoveragePanel(Widget):
    """Draws a Coverage reading to fit its width; every share carries its sign and its word."""

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
        found = self.coverage
        if found is None:
            return Text(one_line(self.note, 300), style="dim")
        width = max(width, 20)
        shares = found.shares
        text = Text()
        parts = [("supporter", shares.support), ("neutral", shares.neutral),
                 ("opponent", shares.oppose), ("unknown", shares.unknown)]
        if width in BARS:
            label_width = max(cell_len(self.t(f"relationships.share.{code}")) for code, _ in parts)
            bar = max(10, width - label_width - 10)
            for code, part in parts:
                share = shares.percent(part)
                cells = round(bar * share / 100)
                style = STANCE_STYLES[code]
                text.append(f"{coverage.mark(code)} ", style=style)
                label = self.t(f"relationships.share.{code}")
                text.append(label + " " * (label_width - cell_len(label)), style=style)
                text.append(f" {share:>3}% ")
                text.append("█" * cells, style=style)
                text.append("░" * (bar - cells) + "\n", style="dim")
        else:
            text.append(" · ".join(
                f"{coverage.mark(code)}{self.t(f'relationships.share.{code}')} "
                f"{shares.percent(part)}%" for code, part in parts) + "\n")
        if shares.unassigned:
            text.append(self.t("relationships.share.unassigned", rest=shares.unassigned) + "  ",
                        style="dim")
        text.append(self.t("relationships.group_size", count=found.people) + "\n", style="dim")
        if not found.warnings:
            text.append("✓ " + self.t("relationships.all_clear"), style="green")
        for number, warning in enumerate(found.warnings):
            mark = coverage.SEVERITY_MARKS[warning.severity]
            text.append(f"{mark} {one_line(warning.message(self.lang), 300)}",
                        style=SEVERITY_STYLES[warning.severity])
            if number < len(found.warnings) - 1:
                text.append("\n")
        return text

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return len(self._build(width).wrap(self.app.console, max(width, 1)))

"""A buying group's coverage as text: weight shares by stance and the warnings, for any width.

The map's panel and the deal view both draw it from the one reading (core/domain/coverage.py),
so the two screens never disagree about a group.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text

from kam_tui.core.domain import coverage
from kam_tui.core.domain.coverage import Coverage
from kam_tui.core.domain.text import one_line

STANCE_STYLES = {"supporter": "green", "neutral": "yellow", "opponent": "bold red",
                 "unknown": "dim"}
SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "note": ""}
BARS = range(40, 64)  # widths that get one share per line with a bar; wider ones fit one line


def coverage_text(found: Coverage, t: Callable[..., str], lang: str, width: int) -> Text:
    """Return the shares (every one with its sign and its word), the group's size, the warnings."""
    width = max(width, 20)
    shares = found.shares
    text = Text()
    parts = [("supporter", shares.support), ("neutral", shares.neutral),
             ("opponent", shares.oppose), ("unknown", shares.unknown)]
    if width in BARS:
        label_width = max(cell_len(t(f"coverage.share.{code}")) for code, _ in parts)
        bar = max(10, width - label_width - 10)
        for code, part in parts:
            share = shares.percent(part)
            cells = round(bar * share / 100)
            style = STANCE_STYLES[code]
            label = t(f"coverage.share.{code}")
            text.append(f"{coverage.mark(code)} ", style=style)
            text.append(label + " " * (label_width - cell_len(label)), style=style)
            text.append(f" {share:>3}% ")
            text.append("█" * cells, style=style)
            text.append("░" * (bar - cells) + "\n", style="dim")
    else:
        text.append(" · ".join(
            f"{coverage.mark(code)}{t(f'coverage.share.{code}')} {shares.percent(part)}%"
            for code, part in parts) + "\n")
    if shares.unassigned:
        text.append(t("coverage.share.unassigned", rest=shares.unassigned) + "  ", style="dim")
    text.append(t("coverage.group_size", count=found.people) + "\n", style="dim")
    if not found.warnings:
        text.append("✓ " + t("coverage.all_clear"), style="green")
    for number, warning in enumerate(found.warnings):
        mark = coverage.SEVERITY_MARKS[warning.severity]
        text.append(f"{mark} {one_line(warning.message(lang), 300)}",
                    style=SEVERITY_STYLES[warning.severity])
        if number < len(found.warnings) - 1:
            text.append("\n")
    return text

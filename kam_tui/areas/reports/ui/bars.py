"""Horizontal bars in terminal cells, eighths included, so small differences still show."""

from __future__ import annotations

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, largest: int, width: int) -> str:
    """Return a bar of value against largest, at most width cells (a sliver for any value > 0)."""
    if width <= 0 or value <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(min(value, largest) * width * 8 / largest))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")

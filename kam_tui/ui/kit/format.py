"""How amounts, dates and choices read on screen, in the user's language."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text

from kam_tui.core.domain.text import one_line


def amount(value: int | None, lang: str = "en") -> str:
    """Return a compact amount: 12.3M / 450K in English, 1,234.6万 / 1.2亿 in Chinese."""
    if not value:
        return "—" if value is None else "0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if lang == "zh":
        if value >= 100_000_000:
            return f"{sign}{value / 100_000_000:,.2f}亿"
        if value >= 10_000:
            return f"{sign}{value / 10_000:,.1f}万"
        return f"{sign}{value:,}"
    if value >= 1_000_000:
        return f"{sign}{value / 1_000_000:,.2f}M"
    if value >= 10_000:
        return f"{sign}{value / 1_000:,.0f}K"
    return f"{sign}{value:,}"


def compact_amount(value: int, lang: str) -> str:
    """Return an amount in at most about six cells: 18.7M / 935K, or 1870万 / 4.1亿."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if lang == "zh":
        if value >= 100_000_000:
            return f"{sign}{value / 100_000_000:.1f}亿"
        if value >= 10_000:
            return f"{sign}{value / 10_000:.0f}万"
        return f"{sign}{value}"
    if value >= 1_000_000_000:
        return f"{sign}{value / 1_000_000_000:.1f}B"
    if value >= 1_000_000:
        return f"{sign}{value / 1_000_000:.1f}M"
    if value >= 1_000:
        return f"{sign}{value / 1_000:.0f}K"
    return f"{sign}{value}"


def fit_cell(cell: str | Text, width: int, align: str = "left") -> Text:
    """Return a table cell cut or padded to exactly width cells; strings are shown literally."""
    text = cell.copy() if isinstance(cell, Text) else Text(one_line(cell, width * 2 + 2))
    text.no_wrap = True
    if cell_len(text.plain) > width:
        text.truncate(width, overflow="ellipsis")
    pad = width - text.cell_len
    if pad > 0:
        if align == "right":
            text = Text(" " * pad) + text
        else:
            text.append(" " * pad)
    return text


def money(value: int | None) -> str:
    """Return a full amount with thousands separators."""
    return "—" if value is None else f"¥{value:,}"


def day(value: date | None) -> str:
    """Return an ISO date or a dash."""
    return value.isoformat() if value else "—"


def due(value: date | None, today: date) -> Text:
    """Return a due date, marked with '!' and the error style when it is overdue."""
    if value is None:
        return Text("—", style="dim")
    if value < today:
        return Text(f"!{value.isoformat()}", style="bold red")
    if value == today:
        return Text(f"•{value.isoformat()}", style="bold")
    return Text(value.isoformat())


def literal(value: object, limit: int = 500) -> Text:
    """Return untrusted text as a Text that is never parsed as markup."""
    return Text(one_line(value, limit=limit))

"""How amounts, dates and choices read on screen, in the user's language."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

from rich.cells import cell_len
from rich.text import Text

from kam_tui.core.domain.text import one_line


# How amounts shrink in each language: (at least, divided by, format, unit), largest first.
# Chinese counts in 万 (10^4) and 亿 (10^8); English in thousands, millions and billions.
# A rule of number formatting rather than a text, so it lives here and not in the catalog.
Steps = tuple[tuple[int, int, str, str], ...]
AMOUNT_STEPS: dict[str, Steps] = {
    "en": ((1_000_000, 1_000_000, ",.2f", "M"), (10_000, 1_000, ",.0f", "K")),
    "zh": ((100_000_000, 100_000_000, ",.2f", "亿"), (10_000, 10_000, ",.1f", "万")),
}
COMPACT_STEPS: dict[str, Steps] = {
    "en": ((1_000_000_000, 1_000_000_000, ".1f", "B"), (1_000_000, 1_000_000, ".1f", "M"),
           (1_000, 1_000, ".0f", "K")),
    "zh": ((100_000_000, 100_000_000, ".1f", "亿"), (10_000, 10_000, ".0f", "万")),
}

# Stored amounts reach 30 digits; the default 28-digit context would round them before us.
_EXACT = Context(prec=80, rounding=ROUND_HALF_UP)


def _rounded(value: int, unit: int, spec: str) -> Decimal:
    # Exact and half up: a float would show 26,055,000 as 26.05M, and format() rounds half even.
    places = Decimal(1).scaleb(-int(spec.rsplit(".", 1)[1].rstrip("f")))
    return _EXACT.divide(Decimal(value), unit).quantize(places, context=_EXACT)


def _scaled(value: int, steps: Steps, plain: str) -> str:
    sign = "-" if value < 0 else ""
    value = abs(int(value))
    for index, (floor, unit, spec, suffix) in enumerate(steps):
        if value >= floor:
            shown = _rounded(value, unit, spec)
            if index and shown * unit >= steps[index - 1][0]:
                # 999,999 rounds to 1,000K: the next unit up says it in fewer cells.
                _, unit, spec, suffix = steps[index - 1]
                shown = _rounded(value, unit, spec)
            return f"{sign}{format(shown, spec)}{suffix}"
    return f"{sign}{format(value, plain)}"


def amount(value: int | None, lang: str = "en") -> str:
    """Return a compact amount: 12.3M / 450K in English, 1,234.6万 / 1.2亿 in Chinese."""
    if not value:
        return "—" if value is None else "0"
    return _scaled(value, AMOUNT_STEPS.get(lang, AMOUNT_STEPS["en"]), ",")


def compact_amount(value: int, lang: str) -> str:
    """Return an amount in at most about six cells: 18.7M / 935K, or 1870万 / 4.1亿."""
    return _scaled(value, COMPACT_STEPS.get(lang, COMPACT_STEPS["en"]), "")


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

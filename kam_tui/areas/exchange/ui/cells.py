"""How the wizard shows what it read from a file: literally, one short line, never as markup."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from kam_tui.areas.exchange.rules import values as v
from kam_tui.ui.kit import format as fmt

CELL_CHARS = 24  # a cell in a wizard table; the whole text is in the file and the dry run


def cell(value: Any, limit: int = CELL_CHARS) -> Text:
    """Return a cell as read (a date as ISO, 100020.0 as 100020) as one safe line."""
    return fmt.literal("" if v.is_blank(value) else v.cell_text(value), limit)


def column_letter(index: int) -> str:
    """Return a spreadsheet column's letters: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

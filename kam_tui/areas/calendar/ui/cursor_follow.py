"""Refill a revisit list keeping the cursor on the same revisit, or else on the one after it."""

from __future__ import annotations

from kam_tui.ui.kit.paged_table import Cell, PagedTable


def refill(table: PagedTable, count: int, rows: list[tuple[object, tuple[Cell, ...]]], *,
           keep: bool) -> None:
    """Show a fresh first page; with `keep`, follow the highlighted revisit by its id.

    A revisit that left the list (moved beyond it, skipped ahead) hands the cursor to the
    revisit that followed it; if neither is on the first page the row number is kept.
    """
    followed = (table.cursor_key, table.key_at(table.cursor_row + 1)) if keep else ()
    table.reset(count, rows, keep_cursor=keep)
    keys = [key for key, _cells in rows]
    for key in followed:
        if key is not None and key in keys:
            table.move_cursor(keys.index(key))
            return

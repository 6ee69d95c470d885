"""Refill a filter Select with options a worker read, keeping the rep's choice when it still exists."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from textual.widgets import Select
from textual.widgets._select import SelectOverlay


def refill_select(select: Select, options: Sequence[tuple[RenderableType, object]]) -> None:
    """Give select these options and keep its value when it is one of them."""
    if not select.query(SelectOverlay):
        # The options arrived as the screen was taken down (an area switch, quitting):
        # the Select has lost its list already, and there is nothing left to fill.
        return
    current = select.value
    select.set_options(options)
    if current in {value for _, value in options}:
        select.value = current

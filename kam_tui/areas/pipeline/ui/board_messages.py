"""What the board screen's workers post back to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from kam_tui.areas.pipeline.service import BoardQuery, BoardStats, CardRow, MoveResult

Pages = dict[int, tuple[int, list[CardRow]]]


@dataclass
class BoardLoaded(Message):
    """Figures and the visible pages of every column, and where a wanted card sits."""

    query: BoardQuery
    stats: BoardStats
    pages: Pages
    focus: tuple[int, int] | None
    seq: int


@dataclass
class PageLoaded(Message):
    """One page of one column."""

    query: BoardQuery
    stage: int
    generation: int
    offset: int
    rows: list[CardRow]


@dataclass
class Moved(Message):
    """A move landed: new figures, and fresh pages of the columns it touched (in the result)."""

    query: BoardQuery
    result: MoveResult
    seq: int


@dataclass
class Failed(Message):
    """A service call was refused; the board reloads to show the truth."""

    text: str
    severity: str = "error"


@dataclass
class Done(Message):
    """A change landed (won, lost, deleted, created…); say so and reload."""

    text: str
    focus_id: int | None = None
    deleted: tuple[int, str] | None = None
    closed: tuple[int, str] | None = None  # won or lost: u reopens it


@dataclass
class OptionsLoaded(Message):
    """The owner, region and close-month filter values."""

    options: dict[str, list[tuple[str, Any]]]

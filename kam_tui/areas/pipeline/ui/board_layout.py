"""The board's layout and state: line counts of a column, what it holds, a card being dragged."""

from __future__ import annotations

from dataclasses import dataclass

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.service import CardRow

STAGES = rules.STAGE_NUMBERS
HEAD_LINES = 4  # stage name, count and amount, weighted amount, rule
CARD_LINES = 4  # account, opportunity, amount and days, next action
CARD_STEP = CARD_LINES + 1  # a blank line between cards, where the drop marker is drawn


@dataclass
class Column:
    """What the board holds of one stage: its size, the loaded cards and its scroll."""

    count: int = 0
    top: int = 0  # index of the first visible card
    generation: int = 0
    cards: dict[int, CardRow] | None = None
    pending: set[int] | None = None

    def __post_init__(self) -> None:
        self.cards = {} if self.cards is None else self.cards
        self.pending = set() if self.pending is None else self.pending


@dataclass
class Drag:
    """A card held with the mouse, and where it would land."""

    card: CardRow
    from_index: int
    start: tuple[int, int]
    dragging: bool = False
    target: tuple[int, int] | None = None  # (stage, insertion slot) or None outside the board

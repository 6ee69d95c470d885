"""The board's moves in flight: one at a time, and the reload that waits for it to land."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MoveQueue:
    """Whether a move is on its way, and a reload asked for meanwhile (with the card to focus).

    While a move is on its way further moves wait, so none is lost, and a reload is held: a
    read started then could paint the board from before the move.
    """

    moving: bool = False
    reload_held: bool = False
    reload_focus: int | None = None

    def start(self) -> None:
        """A move was sent."""
        self.moving = True

    def hold_reload(self, focus_id: int | None) -> None:
        """Keep a reload (the newest focus wins) until the move has landed."""
        self.reload_held = True
        self.reload_focus = focus_id

    def landed(self) -> tuple[bool, int | None]:
        """The move landed: return whether a reload was held and its focus, and forget both."""
        held, focus = self.reload_held, self.reload_focus
        self.clear()
        return held, focus

    def clear(self) -> None:
        """No move on its way and no reload held (a move failed, or a newer read replaces it)."""
        self.moving = False
        self.reload_held = False
        self.reload_focus = None

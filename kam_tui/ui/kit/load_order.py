"""Numbering of a screen's loads, so a slow worker's old answer never hides a newer one."""

from __future__ import annotations


class LoadOrder:
    """Hands out load numbers and accepts an answer only if nothing newer is on screen.

    Thread workers cannot be stopped: an `exclusive` worker that was superseded still finishes
    and posts what it read, possibly after the newer worker did. Numbering each request and
    dropping answers older than the one shown keeps the screen from going back in time.
    """

    def __init__(self) -> None:
        self._issued = 0
        self._shown = 0

    def next(self) -> int:
        """Number a new request (call on the UI thread, before starting its worker)."""
        self._issued += 1
        return self._issued

    def accept(self, number: int) -> bool:
        """Whether an answer may be shown; it then becomes the newest shown."""
        if number < self._shown:
            return False
        self._shown = number
        return True

    def settled(self) -> bool:
        """Whether the newest request's answer is the one shown (nothing is on its way)."""
        return self._shown == self._issued

"""Hybrid logical clocks (Kulkarni et al. 2014): the time a field was written, comparable everywhere.

A clock is wall time in milliseconds, a counter for events in the same millisecond, and the
replica that made it. Its text form sorts as the clocks do, so the databases compare clocks
as strings. A clock never runs backwards on a replica even when its wall clock does, and a
replica that sees a later clock moves past it, so a change made after seeing another is later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COUNTER_LIMIT = 99_999  # five digits in the text form; the wall time moves on past it
MAX_AHEAD_MS = 24 * 3600 * 1000  # a clock further ahead than this is a wrong wall clock
_TEXT = re.compile(r"(\d{15})-(\d{5})-([0-9a-z]{1,32})")


class ClockAhead(ValueError):
    """A clock from another replica is far ahead of this machine's time."""


@dataclass(frozen=True, order=True)
class Hlc:
    """One hybrid logical clock reading."""

    wall: int  # milliseconds since 1970
    counter: int
    replica: str

    def text(self) -> str:
        """Return the sortable text form."""
        return f"{self.wall:015d}-{self.counter:05d}-{self.replica}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        """Return the clock a text form names; ValueError when it is not one."""
        match = _TEXT.fullmatch(text or "")
        if match is None:
            raise ValueError(f"not a clock: {text!r}")
        return cls(int(match[1]), int(match[2]), match[3])


def _next(wall: int, counter: int, replica: str) -> Hlc:
    if counter > COUNTER_LIMIT:
        return Hlc(wall + 1, 0, replica)
    return Hlc(wall, counter, replica)


def tick(last: Hlc | None, now_ms: int, replica: str) -> Hlc:
    """Return the clock of a new local write, later than every clock this replica has seen."""
    if last is None or now_ms > last.wall:
        return Hlc(now_ms, 0, replica)
    return _next(last.wall, last.counter + 1, replica)


def receive(last: Hlc | None, remote: Hlc, now_ms: int, replica: str) -> Hlc:
    """Return this replica's clock after seeing a remote clock; ClockAhead when it is absurd."""
    if remote.wall > now_ms + MAX_AHEAD_MS:
        hours = (remote.wall - now_ms) // 3_600_000
        raise ClockAhead(f"a change from {remote.replica} is stamped {hours} hours ahead of "
                         "this machine's clock: set the date and time on the machine that is "
                         "wrong, then sync again")
    if last is None or remote > last:
        last = remote
    if now_ms > last.wall:
        return Hlc(now_ms, 0, replica)
    return _next(last.wall, last.counter + 1, replica)

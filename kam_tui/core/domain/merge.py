"""How two edits of one field meet: per-field last-writer-wins, and when it was a conflict.

Every field of every row carries the clock of the write that gave it its value; a change also
carries the clock of the value its writer saw (its base). The later clock wins. Two edits are a
conflict when they were made without seeing each other (the incoming change's base is not the
clock in place, or the one in place was made without seeing the incoming one) and their values
differ: the loser is kept for the rep to see. Deletes are one more field (the deletion time), so
an older edit never brings a deleted row back and an undo is a later write.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Outcome(Enum):
    """What becomes of an incoming change."""

    APPLY = "apply"  # it wins and nothing is lost
    APPLY_CONFLICT = "apply_conflict"  # it wins; the value in place is the conflict's loser
    KEEP_CONFLICT = "keep_conflict"  # it loses; it is the conflict's loser
    IGNORE = "ignore"  # already here, or older than what it knew was here


@dataclass(frozen=True)
class Written:
    """A field's value with the clock that wrote it and the clock its writer saw."""

    value: Any
    clock: str
    base: str | None = None


def decide(incoming: Written, current: Written | None) -> Outcome:
    """Return what to do with an incoming change given the field as it stands here."""
    if current is None:
        return Outcome.APPLY
    if incoming.clock == current.clock:
        return Outcome.IGNORE  # the same write, seen again
    same = incoming.value == current.value
    if incoming.clock > current.clock:
        knew = incoming.base is not None and incoming.base >= current.clock
        return Outcome.APPLY if knew or same else Outcome.APPLY_CONFLICT
    knew = current.base is not None and current.base >= incoming.clock
    return Outcome.IGNORE if knew or same else Outcome.KEEP_CONFLICT


def counter_total(parts: dict[str, int]) -> int:
    """Return a counter's value: the sum of what each replica added (its own part only)."""
    return sum(parts.values())

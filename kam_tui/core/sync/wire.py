"""What travels: a change, and messages as compressed JSON lines.

A change names a row by its table and uuid, one column, the new value (links as the uuid of the
row they point at), the clock that wrote it, the clock its writer saw, the replica that made it,
and the number it has in its maker's log (so a change pushed twice is applied once).
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Any

PROTOCOL = 1


class ProtocolError(RuntimeError):
    """The other side sent something that is not a kam sync message."""


@dataclass(frozen=True)
class Change:
    """One column of one row as one write left it."""

    table: str
    row: str
    field: str
    value: Any
    clock: str
    base: str | None
    origin: str
    number: int = 0  # its place in the log of the replica that made it (0: from a snapshot)
    counter: bool = False  # a counter part: value is what `origin` added in all

    def to_list(self) -> list[Any]:
        """Return the compact form that travels."""
        return [self.table, self.row, self.field, self.value, self.clock, self.base,
                self.origin, self.number, 1 if self.counter else 0]

    @classmethod
    def from_list(cls, item: Any) -> Change:
        """Return the change a travelled list names; ProtocolError when it is not one."""
        if not isinstance(item, list) or len(item) != 9:
            raise ProtocolError("a change is not a list of nine items")
        table, row, field, value, clock, base, origin, number, counter = item
        texts = (table, row, field, clock, origin)
        if not all(isinstance(text, str) for text in texts) or not isinstance(number, int) \
                or not (base is None or isinstance(base, str)) \
                or isinstance(value, (dict, list)):
            raise ProtocolError("a change has an item of the wrong kind")
        return cls(table, row, field, value, clock, base, origin, number, bool(counter))


def encode(message: dict[str, Any]) -> bytes:
    """Return one message as a line: JSON, deflated, base64."""
    raw = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 6)) + b"\n"


MAX_LINE = 256 * 1024 * 1024  # a line longer than this is not from kam


def decode(line: bytes) -> dict[str, Any]:
    """Return the message a line holds; ProtocolError for anything else."""
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(line.strip(), validate=True), MAX_LINE)
        if inflater.unconsumed_tail:
            raise ProtocolError("a message is too large")
        message = json.loads(raw.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError) as error:
        raise ProtocolError(f"not a kam sync message ({type(error).__name__})") from error
    if not isinstance(message, dict):
        raise ProtocolError("a message is not an object")
    return message

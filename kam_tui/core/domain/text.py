"""Untrusted text made safe to show: no control characters, no escapes, bounded length."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls (ESC among them), DEL, and bidi overrides that can reorder what a rep sees.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINEBREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")
_LINEBREAKS_ONLY = re.compile(r"\r\n|[\r\n\u2028\u2029]")

MAX_FIELD_CHARS = 10_000


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(value: object) -> str:
    """Return the value as a string with control characters shown as visible symbols."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_visible, text)


LINE_JOIN = " ⏎ "  # where a line break stood in a one-line field: visible, easy to edit away
_CRLF = re.compile(r"\r\n?")


def for_line_editor(value: object) -> str:
    """Return the value as a one-line editor may hold it: breaks shown as ⏎, controls visible."""
    text = "" if value is None else str(value)
    text = LINE_JOIN.join(_LINEBREAKS_ONLY.split(text)).replace("\t", " ")
    return clean(text)


def for_block_editor(value: object) -> str:
    """Return the value as a multi-line editor may hold it: lines and tabs kept, controls visible."""
    text = _CRLF.sub("\n", "" if value is None else str(value))
    return clean(text)


def has_line_breaks(value: str) -> bool:
    """Return whether text holds more than one line."""
    return _LINEBREAKS_ONLY.search(value) is not None


def one_line(value: object, limit: int = 500) -> str:
    """Return a single safe line, line breaks folded to spaces, cut to limit characters."""
    text = _LINEBREAKS.sub(" ", "" if value is None else str(value))
    text = clean(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def normalise_input(value: str) -> str:
    """Return typed or imported text as stored: NFC, no stray control characters, trimmed."""
    text = unicodedata.normalize("NFC", value)
    text = _UNSAFE.sub("", text)
    return text.strip()

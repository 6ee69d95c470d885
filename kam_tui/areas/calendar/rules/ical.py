"""iCalendar export (RFC 5545) of planned revisits, as all-day events a phone calendar takes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kam_tui.core.domain.text import clean

PRODID = "-//kam-tui//Revisit calendar//EN"
UID_DOMAIN = "kam-tui"
MAX_OCTETS = 75  # RFC 5545 §3.1: lines longer than this are folded
MAX_TEXT = 2000  # a phone shows no more; a 10,000-character note stays out of the file


@dataclass(frozen=True)
class Event:
    """One all-day event: a revisit on its due date."""

    uid: str  # the revisit row's uuid
    day: date
    summary: str
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: object) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11)."""
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    # Line breaks survive as \n; other control characters (ESC…) become visible symbols.
    parts = [clean(part) for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\\n".join(part.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                       for part in parts)


def fold(line: str) -> str:
    """Fold a content line into CRLF-joined pieces of at most 75 octets, never inside a character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar_text(events: Iterable[Event], stamp: datetime, name: str = "kam-tui") -> str:
    """Return a VCALENDAR with one VEVENT per revisit; `stamp` is the UTC time of the export."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{UID_DOMAIN}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

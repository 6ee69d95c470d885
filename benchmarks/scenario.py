"""One benchmark session: start a program on a pty, then time its first screen, keys and memory.

The same steps run against kam-tui and against the floor app; only the program, what its list
is expected to show, and the optional areas (pipeline board, calendar) differ.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from floor_app import status_text
from terminal import Settled, SettleTimeout, TerminalSession
from wcwidth import wcwidth

KEYS = {
    "down": b"\x1b[B",
    "search": b"/",
    "enter": b"\r",
    "clear": b"\x01\x0b",  # ctrl+a (start of input), ctrl+k (delete to the end)
    "quit": b"q",
    "right": b"\x1b[C",
    "shift+left": b"\x1b[1;2D",
}
MARKER_CELLS = 14  # cells of a name looked for on screen; every layout shows at least this many
Predicate = Callable[[TerminalSession], bool]


class ListExpectations(Protocol):
    """What a program's list should show for a search."""

    total: int

    def count(self, search: str) -> int: ...

    def first_name(self, search: str) -> str | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Step:
    """A timed action inside an area: keys to get ready, the key, and the text it brings."""

    name: str
    setup: tuple[bytes, ...]
    key: bytes
    marker: str


@dataclass(frozen=True)
class Area:
    """A working area reached by a key, recognised by a text on its screen."""

    name: str
    key: bytes
    marker: str
    back: bytes = b"1"
    steps: tuple[Step, ...] = ()


@dataclass
class Subject:
    """A program to benchmark and what its list shows."""

    name: str
    argv: list[str]
    expect: ListExpectations
    areas: tuple[Area, ...] = ()
    missing_areas: tuple[str, ...] = ()  # figures reported as "n/a (not built yet)"


@dataclass
class Options:
    """How much to measure in one session."""

    cols: int
    rows: int
    queries: tuple[str, ...] = ("pac", "wang")
    cursor_moves: int = 10
    first_timeout: float = 30.0
    key_timeout: float = 10.0
    unchanged_after: float = 1.0  # a cursor move that changes nothing by then is not timed


@dataclass
class SessionResult:
    """The raw figures of one session."""

    first_screen_ms: float = 0.0
    first_screen_bytes: int = 0
    cursor_ms: list[float] = field(default_factory=list)
    cursor_bytes: list[int] = field(default_factory=list)
    cursor_unchanged: int = 0  # moves that left the screen exactly as it was
    search: list[dict[str, Any]] = field(default_factory=list)
    areas: dict[str, float] = field(default_factory=dict)
    areas_missing: list[str] = field(default_factory=list)
    rss_kib: int | None = None
    rss_after_areas_kib: int | None = None
    maxrss_kib: int | None = None
    blinking_lines: list[int] = field(default_factory=list)
    error: str | None = None  # the list's figures could not be measured
    area_error: str | None = None  # an area (board, calendar) failed after the list was done


def name_marker(name: str, cells: int = MARKER_CELLS) -> str:
    """Return the start of a name that fits in `cells` terminal cells."""
    out, used = [], 0
    for char in name:
        width = max(wcwidth(char), 0)
        if used + width > cells:
            break
        out.append(char)
        used += width
    return "".join(out).rstrip()


def list_shows(expect: ListExpectations, search: str) -> Predicate:
    """Return a predicate: the status line has the search's count and row one its first name."""
    status = status_text(expect.count(search), expect.total)
    first = expect.first_name(search)
    marker = name_marker(first) if first else None

    def shows(session: TerminalSession) -> bool:
        lines = session.lines()
        if not any(line.lstrip().startswith(status) for line in lines):
            return False
        if marker is None:
            return True
        for index, line in enumerate(lines[:-1]):
            if line.lstrip().startswith("Name"):
                return marker in lines[index + 1]
        return False

    return shows


def text_shown(marker: str) -> Predicate:
    """Return a predicate: some line of the screen contains marker."""
    return lambda session: any(marker in line for line in session.lines())


def press(session: TerminalSession, key: bytes, predicate: Predicate | None = None, *,
          timeout: float, what: str) -> Settled:
    """Write a key and wait for the screen to change, match predicate, and settle."""
    t0 = session.write(key)
    return session.settle(t0, predicate, timeout=timeout, what=what)


def run_session(subject: Subject, options: Options) -> SessionResult:
    """Run every step once against a fresh process; always end the process.

    The list comes first and its peak RSS is taken before any other area opens; the areas come
    last, so a failing area costs only its own figures.
    """
    result = SessionResult()
    session = TerminalSession(subject.argv, options.cols, options.rows)
    try:
        started = session.start()
        first = session.settle(started, list_shows(subject.expect, ""),
                               timeout=options.first_timeout, what="the first screen")
        result.first_screen_ms = first.ms
        result.first_screen_bytes = first.bytes_to_last_change
        measure_cursor(session, options, result)
        measure_search(session, subject, options, result)
        press(session, KEYS["enter"], timeout=options.key_timeout, what="the table's focus")
        result.rss_kib = session.peak_rss_kib()
    except Exception:  # noqa: BLE001 - a failed run is reported, and the others go on
        result.error = failure()
    try:
        if result.error is None:
            measure_areas(session, subject, options, result)
            result.rss_after_areas_kib = session.peak_rss_kib()
    except Exception:  # noqa: BLE001
        result.area_error = failure()
    finally:
        session.close(KEYS["quit"])
        result.maxrss_kib = session.max_rss_kib
    return result


def failure() -> str:
    """Return the exception being handled: a timeout's own message, else its traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, SettleTimeout):
        return str(error)
    return traceback.format_exc()


def measure_cursor(session: TerminalSession, options: Options, result: SessionResult) -> None:
    """Press down in the table a few times; time each move and count its bytes.

    A move that changes nothing on screen (the cursor drawn like the rows around it) cannot be
    timed; it is counted in cursor_unchanged instead of failing the run.
    """
    for _ in range(options.cursor_moves):
        t0 = session.write(KEYS["down"])
        try:
            moved = session.settle(t0, timeout=options.unchanged_after, what="a cursor move")
        except SettleTimeout:
            if session.last_change > t0 or not session.alive():
                raise
            result.cursor_unchanged += 1
            continue
        result.cursor_ms.append(moved.ms)
        result.cursor_bytes.append(moved.bytes_total)


def measure_areas(session: TerminalSession, subject: Subject, options: Options,
                  result: SessionResult) -> None:
    """Switch to each area that exists (and time its steps), then come back to the list."""
    result.areas_missing = list(subject.missing_areas)
    home = list_shows(subject.expect, "")
    for area in subject.areas:
        shown = press(session, area.key, text_shown(area.marker), timeout=options.first_timeout,
                      what=f"the {area.name} screen")
        result.areas[area.name] = shown.ms
        for step in area.steps:
            for key in step.setup:
                press(session, key, timeout=options.key_timeout,
                      what=f"getting ready for {step.name}")
            done = press(session, step.key, text_shown(step.marker),
                         timeout=options.key_timeout, what=step.name)
            result.areas[step.name] = done.ms
        press(session, area.back, home, timeout=options.key_timeout, what="the list again")


def measure_search(session: TerminalSession, subject: Subject, options: Options,
                   result: SessionResult) -> None:
    """Focus the search box, then type each query a key at a time and time every result."""
    press(session, KEYS["search"], timeout=options.key_timeout, what="the search box's focus")
    result.blinking_lines = sorted(session.learn_blinking_lines())
    for query in options.queries:
        for end in range(1, len(query) + 1):
            typed = query[:end]
            shows = list_shows(subject.expect, typed)
            ambiguous = shows(session)  # the screen already looks like the answer
            done = press(session, query[end - 1].encode(), shows, timeout=options.key_timeout,
                         what=f"the results for {typed!r}")
            result.search.append({"query": typed, "ms": done.ms, "bytes": done.bytes_total,
                                  "count": subject.expect.count(typed), "ambiguous": ambiguous})
        press(session, KEYS["clear"], list_shows(subject.expect, ""),
              timeout=options.key_timeout, what="the cleared search")

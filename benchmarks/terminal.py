"""A program on a pseudo-terminal, its output rendered by pyte and timed as it arrives.

A reader thread does nothing but read the pty and stamp each chunk with the time it arrived;
the main thread feeds the chunks to a ``pyte.Screen`` and notes the arrival time of the last
chunk that changed what the screen shows (characters and their colours and attributes). A
measurement writes a key at t0 and then *settles*: it waits until the screen satisfies an
optional predicate and has not changed for a quiet window (50 ms), and reports the time from
t0 to the last change, not counting the quiet window.

Blinking cursors would never let a screen settle, so lines that change while nobody types
(found by watching an idle screen, see ``learn_blinking_lines``) are compared by their
characters only.
"""

from __future__ import annotations

import fcntl
import os
import pty
import queue
import select
import signal
import struct
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyte

QUIET = 0.050  # seconds without a screen change that count as "settled"


class SettleTimeout(RuntimeError):
    """The screen did not reach the awaited state in time."""


@dataclass(frozen=True)
class Settled:
    """How long the screen took to settle after t0, and the bytes that arrived meanwhile."""

    seconds: float
    bytes_to_last_change: int
    bytes_total: int

    @property
    def ms(self) -> float:
        """Return the settle time in milliseconds."""
        return self.seconds * 1000.0


def terminal_env() -> dict[str, str]:
    """Return the environment for the child: xterm-256color, no COLORTERM."""
    env = {k: v for k, v in os.environ.items()
           if k != "COLORTERM" and not k.startswith("TEXTUAL_")}
    env["TERM"] = "xterm-256color"
    return env


class TerminalSession:
    """One child process on a pty of a fixed size, with a pyte screen of its output."""

    def __init__(self, argv: Sequence[str], cols: int, rows: int,
                 env: dict[str, str] | None = None) -> None:
        self.argv = list(argv)
        self.cols = cols
        self.rows = rows
        self.env = env if env is not None else terminal_env()
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.pid = 0
        self.fd = -1
        self.started = 0.0
        self.bytes = 0
        self.last_change = 0.0
        self.bytes_at_change = 0
        self.version = 0
        self.eof = False
        self.exit_status: int | None = None
        self.max_rss_kib: int | None = None
        self.blinking: set[int] = set()
        self._lines: list[object] = [None] * rows
        self._chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None

    # --- process ---------------------------------------------------------------------------

    def start(self) -> float:
        """Fork the child on a new pty and return the start time."""
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal before the program can ask for it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
                os.execve(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        return self.started

    def _read_loop(self) -> None:
        """Read the pty until it closes, stamping each chunk with its arrival time."""
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            self._chunks.put((time.perf_counter(), data))
            if not data:
                return

    def alive(self) -> bool:
        """Return whether the child is still running (reaping it if it ended)."""
        if self.exit_status is not None:
            return False
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.exit_status = os.waitstatus_to_exitcode(status)
        self.max_rss_kib = usage.ru_maxrss
        return False

    def peak_rss_kib(self) -> int | None:
        """Return the child's peak resident set size so far (VmHWM), in KiB."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def close(self, quit_keys: bytes = b"", grace: float = 5.0) -> None:
        """Ask the child to quit with quit_keys, then terminate or kill it; always reap it."""
        try:
            if quit_keys and self.alive():
                try:
                    self.write(quit_keys)
                except OSError:
                    pass  # the pty went away: the child is exiting anyway
                self._wait_exit(grace)
            for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
                if not self.alive():
                    break
                os.kill(self.pid, sig)
                self._wait_exit(wait)
        finally:
            self._stop.set()
            if self._reader is not None:
                self._reader.join(timeout=1.0)
            if self.fd >= 0:
                os.close(self.fd)
                self.fd = -1

    def _wait_exit(self, seconds: float) -> None:
        """Drain output until the child exits or seconds pass."""
        deadline = time.perf_counter() + seconds
        while self.alive() and time.perf_counter() < deadline:
            self.pump(0.02)

    def __enter__(self) -> TerminalSession:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pid and self.fd >= 0:
            self.close()

    # --- input and output --------------------------------------------------------------------

    def write(self, data: bytes) -> float:
        """Send keys to the child and return the time they were written."""
        self.pump(0)  # account for everything that arrived before the keys
        t0 = time.perf_counter()
        os.write(self.fd, data)
        return t0

    def pump(self, wait: float) -> bool:
        """Feed every chunk that arrived (waiting up to `wait` for the first); return if any."""
        got = False
        block = wait > 0
        while True:
            try:
                stamp, data = self._chunks.get(block, wait if block else None)
            except queue.Empty:
                return got
            got, block = True, False
            if not data:
                self.eof = True
                continue
            self.bytes += len(data)
            self.stream.feed(data)
            if self._changed():
                self.last_change = stamp
                self.bytes_at_change = self.bytes
                self.version += 1

    def _line_key(self, y: int) -> object:
        """Return what counts as a line's content: characters, and attributes unless it blinks."""
        line = self.screen.buffer[y]
        if y in self.blinking:
            return "".join(line[x].data for x in range(self.cols))
        return tuple(line[x] for x in range(self.cols))

    def _changed(self) -> bool:
        """Compare the lines pyte marked dirty with what they held; return if any differ."""
        changed = False
        for y in self.screen.dirty:
            if 0 <= y < self.rows:
                key = self._line_key(y)
                if key != self._lines[y]:
                    self._lines[y] = key
                    changed = True
        self.screen.dirty.clear()
        return changed

    def lines(self) -> list[str]:
        """Return the screen as text, one string per line (wide characters once)."""
        # Not pyte's `display`: it fails on a wide character's right half left alone.
        buffer = self.screen.buffer
        return ["".join(buffer[y][x].data for x in range(self.cols)) for y in range(self.rows)]

    def dump(self) -> str:
        """Return the screen as text for error messages."""
        return "\n".join(line.rstrip() for line in self.lines())

    # --- waiting -----------------------------------------------------------------------------

    def settle(self, since: float, predicate: Callable[[TerminalSession], bool] | None = None,
               *, need_change: bool = True, timeout: float = 10.0,
               what: str = "the screen") -> Settled:
        """Wait until the screen changed after `since` (if asked), matches, and stays still."""
        deadline = since + timeout
        bytes_before = self.bytes
        checked_version, ok = -1, False
        while True:
            self.pump(0)
            if self.version != checked_version:
                checked_version = self.version
                ok = predicate is None or predicate(self)
            changed = self.last_change > since
            ready = ok and (changed or not need_change)
            reference = self.last_change if changed else since
            now = time.perf_counter()
            if ready and now - reference >= QUIET and self._chunks.empty():
                return Settled(reference - since, (self.bytes_at_change if changed
                                                   else self.bytes) - bytes_before,
                               self.bytes - bytes_before)
            if now > deadline:
                raise SettleTimeout(f"timed out after {timeout:.0f} s waiting for {what}; "
                                    f"screen:\n{self.dump()}")
            if self.eof and not self.alive():
                raise SettleTimeout(f"the program exited ({self.exit_status}) while waiting "
                                    f"for {what}; screen:\n{self.dump()}")
            wait = reference + QUIET - now if ready else 0.05
            self.pump(max(min(wait, deadline - now), 0.001))

    def learn_blinking_lines(self, seconds: float = 1.2) -> set[int]:
        """Watch the idle screen; lines that change by themselves are compared by text only."""
        before = [self._line_key(y) for y in range(self.rows)]
        seen: set[int] = set()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.pump(0.05)
            seen |= {y for y in range(self.rows) if self._line_key(y) != before[y]}
        self.blinking = seen
        self._lines = [self._line_key(y) for y in range(self.rows)]
        return seen

"""What ends kam from outside on each system, heard so that the rep's typing is kept first.

Linux and macOS: SIGHUP (the SSH link dropped, the terminal window closed) and SIGTERM (the
system stops). Windows: the console's close, logoff and shutdown events, and SIGBREAK
(ctrl+break). Where none can be heard, the draft written a second after typing pauses remains.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kam_tui.core import platform

if TYPE_CHECKING:
    from textual.app import App

# SetConsoleCtrlHandler's events; ctrl+c (0) and ctrl+break (1) are Python's own to handle.
CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 2, 5, 6
ENDING_EVENTS = frozenset({CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT})


def signal_names() -> tuple[str, ...]:
    """Return the names of the signals that end kam from outside on this system."""
    return ("SIGBREAK",) if platform.is_windows() else ("SIGHUP", "SIGTERM")


class Hangups:
    """The handlers installed for what ends kam, taken back when the app ends."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], object]] = []

    def stop(self) -> None:
        """Take back every handler installed, newest first."""
        while self._undo:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                self._undo.pop()()

    def on_signal(self, loop: asyncio.AbstractEventLoop, number: int,
                  hang_up: Callable[[], None]) -> None:
        """Run hang_up on the loop when the signal comes."""
        try:
            loop.add_signal_handler(number, hang_up)
        except (NotImplementedError, RuntimeError):  # Windows' loops; a loop off the main thread
            self._on_python_signal(loop, number, hang_up)
        else:
            self._undo.append(lambda: loop.remove_signal_handler(number))

    def _on_python_signal(self, loop: asyncio.AbstractEventLoop, number: int,
                          hang_up: Callable[[], None]) -> None:
        def heard(*_: object) -> None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: kam is ending anyway
                loop.call_soon_threadsafe(hang_up)

        try:
            previous = signal.signal(number, heard)
        except ValueError:
            return  # not the main thread: the timed drafts are all there is
        restore = signal.SIG_DFL if previous is None else previous
        self._undo.append(lambda: signal.signal(number, restore))

    def on_console_close(self, keep: Callable[[], None]) -> None:
        """Run keep, and wait for it, when the Windows console closes or the user logs off."""
        import ctypes
        from ctypes import wintypes

        load, function_type = getattr(ctypes, "WinDLL", None), getattr(ctypes, "WINFUNCTYPE", None)
        if load is None or function_type is None:
            return  # not Windows' ctypes: the timed drafts are all there is
        try:
            kernel32: Any = load("kernel32", use_last_error=True)
        except OSError:
            return
        handler_type = function_type(wintypes.BOOL, wintypes.DWORD)

        def on_event(event: int) -> bool:
            if event not in ENDING_EVENTS:
                return False  # on to the next handler: Python's own ctrl+c and ctrl+break
            # Windows ends the process as soon as this returns, so the drafts are written first.
            # An exception would be printed over the screen by ctypes: a failed save is let go.
            with contextlib.suppress(Exception):
                keep()
            return True

        handler = handler_type(on_event)  # referenced by the undo below, so never collected
        if kernel32.SetConsoleCtrlHandler(handler, True):
            self._undo.append(lambda: kernel32.SetConsoleCtrlHandler(handler, False))


def watch(app: App[Any], hang_up: Callable[[], None]) -> Hangups:
    """Call hang_up on the app's loop when this system ends kam from outside; return the watch."""
    hangups = Hangups()
    loop = asyncio.get_running_loop()
    for name in signal_names():
        number = getattr(signal, name, None)
        if number is not None:
            hangups.on_signal(loop, number, hang_up)
    if platform.is_windows():
        hangups.on_console_close(lambda: app.call_from_thread(hang_up))
    return hangups

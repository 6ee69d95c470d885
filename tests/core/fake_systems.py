"""Windows and macOS as kam sees them, made on Linux so that CI runs their branches too.

os.name stays "posix": pathlib picks WindowsPath from it and cannot make one here, so kam asks
sys.platform, and these fakes take away or change what the other system lacks or does otherwise.
"""

from __future__ import annotations

import asyncio
import ctypes
import errno
import fcntl
import os
import signal
import sys
import threading
from pathlib import Path

import pytest

LOCAL_APP_DATA = r"C:\Users\rep\AppData\Local"
CTRL_C_EVENT, CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT = 0, 1, 2
CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 5, 6
POSIX_ONLY = ("getuid", "geteuid", "getgid", "getegid", "fchmod", "fchown", "chown", "lchown")
_real_fsync = os.fsync


def _windows_fsync(fd: int) -> None:
    """Refuse, as Windows' _commit does, to flush a handle opened for reading only."""
    if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
        raise OSError(errno.EBADF, "Bad file descriptor")
    _real_fsync(fd)


def _no_signal_handlers(*args: object, **kwargs: object) -> None:
    raise NotImplementedError  # what asyncio's Proactor and Selector loops say on Windows


class FakeKernel32:
    """Windows' console API as far as kam uses it: handlers of console events, newest first."""

    def __init__(self) -> None:
        self.handlers: list[object] = []

    def SetConsoleCtrlHandler(self, handler: object, add: bool) -> int:
        """Add or remove a handler, as kernel32 does; return success."""
        if add:
            self.handlers.append(handler)
        elif handler in self.handlers:
            self.handlers.remove(handler)
        return 1

    def send(self, event: int) -> tuple[threading.Thread, list[bool]]:
        """Deliver an event as Windows does: on a new thread, until a handler returns true."""
        answers: list[bool] = []

        def deliver() -> None:
            for handler in reversed(self.handlers):
                if handler(event):  # type: ignore[operator]
                    answers.append(True)
                    return
            answers.append(False)

        thread = threading.Thread(target=deliver, daemon=True)
        thread.start()
        return thread, answers


def act_as_windows(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    """Make this process look like Windows to kam; return its fake console API."""
    monkeypatch.setattr(sys, "platform", "win32")
    for name in POSIX_ONLY:
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(os, "fsync", _windows_fsync)
    monkeypatch.delattr(signal, "SIGHUP")
    # Windows has SIGBREAK (ctrl+break); a signal Linux has stands in for it.
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)
    loop_class = asyncio.unix_events._UnixSelectorEventLoop  # type: ignore[attr-defined]
    monkeypatch.setattr(loop_class, "add_signal_handler", _no_signal_handlers)
    monkeypatch.setattr(loop_class, "remove_signal_handler", _no_signal_handlers)
    kernel32 = FakeKernel32()
    monkeypatch.setattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE, raising=False)
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, **kwargs: kernel32, raising=False)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", LOCAL_APP_DATA)
    return kernel32


def act_as_macos(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Make this process look like macOS to kam, with home as the user's home folder."""
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(home))


def default_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let kam pick its own folders, as on a rep's laptop (the tests' conftest points them away)."""
    monkeypatch.delenv("KAM_DATA_DIR", raising=False)
    monkeypatch.delenv("KAM_STATE_DIR", raising=False)

"""What differs between Windows, macOS and Linux for kam's files, decided in one place.

kam asks sys.platform (never os.name: pathlib picks its path class from that, so the tests could
not stand in for Windows). On Linux and macOS a file is private by its mode (0600, folders 0700);
on Windows modes mean little (os.chmod only sets the read-only flag) and kam's folders are
private because they lie in the user's profile, whose default ACL admits that user alone.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def is_windows() -> bool:
    """Return whether kam runs on Windows."""
    return sys.platform == "win32"


def is_macos() -> bool:
    """Return whether kam runs on macOS."""
    return sys.platform == "darwin"


def has_file_modes() -> bool:
    """Return whether a file's mode decides who may read it (POSIX, not Windows)."""
    return not is_windows() and hasattr(os, "getuid")


def set_mode(path: str | os.PathLike[str], mode: int) -> None:
    """Give a file or folder a mode where modes make it private; elsewhere leave it."""
    if has_file_modes():
        os.chmod(path, mode)


def set_fd_mode(fd: int, mode: int) -> None:
    """Give an open file a mode where modes make it private; elsewhere leave it."""
    if has_file_modes() and hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def make_private(path: Path, mode: int = 0o600) -> None:
    """Take the group and other bits off a file the user owns (another's is left as it is)."""
    if not has_file_modes():
        return
    info = path.stat()
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        os.chmod(path, mode)


def fsync_file(path: str | os.PathLike[str]) -> None:
    """Flush a file to disk through a handle that may write: Windows flushes no other kind."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Flush a folder's entries (a rename) where the system can; elsewhere the rename stands."""
    if is_windows():
        return  # a folder cannot be opened as a file there; the rename is done either way
    with contextlib.suppress(OSError):  # not every filesystem syncs a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

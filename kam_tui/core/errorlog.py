"""The private error log: full reports for the developers, never on the rep's screen."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from kam_tui import __version__
from kam_tui.core.paths import error_log_path, private_dir
from kam_tui.core.platform import set_fd_mode

MAX_BYTES = 512 * 1024  # then the log starts again, the previous one kept beside it


def _open_private(path: Path) -> int:
    binary = getattr(os, "O_BINARY", 0)  # Windows would otherwise write each newline as CR LF
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | binary, 0o600)
    set_fd_mode(fd, 0o600)  # an older log may have been made with a laxer umask
    return fd


def write_report(error: BaseException, where: str = "", path: Path | None = None) -> Path:
    """Append one error with its traceback (names and lines, no local values); return the log."""
    path = path or error_log_path()
    private_dir(path.parent)
    if path.exists() and path.stat().st_size > MAX_BYTES:
        os.replace(path, path.with_name(path.name + ".1"))
    # traceback.format_exception never prints local variables: rows, names and figures stay out.
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    stamp = datetime.now().isoformat(timespec="seconds")
    text = f"--- {stamp} kam-tui {__version__} {where}\n{''.join(lines)}\n"
    fd = _open_private(path)
    try:
        os.write(fd, text.encode("utf-8", "backslashreplace"))
    finally:
        os.close(fd)
    return path

"""What a failed database or file operation means for the rep: full disk, read-only, locked."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from enum import Enum


class Fault(str, Enum):
    """A cause the rep can act on; the value names its sentence in the UI catalog."""

    DISK_FULL = "fault.disk_full"
    READ_ONLY = "fault.read_only"
    LOCKED = "fault.locked"
    DAMAGED = "fault.damaged"
    DISK_IO = "fault.disk_io"
    CANNOT_OPEN = "fault.cannot_open"
    SERVER_LOST = "fault.server_lost"
    NOT_ALLOWED = "fault.not_allowed"
    SERVER_BUSY = "fault.server_busy"


# SQLite's primary result codes by name (extended names start with these, e.g. SQLITE_IOERR_WRITE).
_BY_CODE = (
    ("SQLITE_FULL", Fault.DISK_FULL),
    ("SQLITE_READONLY", Fault.READ_ONLY),
    ("SQLITE_BUSY", Fault.LOCKED),
    ("SQLITE_LOCKED", Fault.LOCKED),
    ("SQLITE_CORRUPT", Fault.DAMAGED),
    ("SQLITE_NOTADB", Fault.DAMAGED),
    ("SQLITE_IOERR", Fault.DISK_IO),
    ("SQLITE_CANTOPEN", Fault.CANNOT_OPEN),
    ("SQLITE_PERM", Fault.READ_ONLY),
)
# PostgreSQL's SQLSTATE codes, by class (two characters) or in full.
_BY_SQLSTATE = (
    ("08", Fault.SERVER_LOST),  # connection exception
    ("57P01", Fault.SERVER_LOST),  # the server is shutting down
    ("57P02", Fault.SERVER_LOST),
    ("57P03", Fault.SERVER_LOST),  # not accepting connections yet
    ("42501", Fault.NOT_ALLOWED),  # insufficient privilege: row-level security said no
    ("40001", Fault.SERVER_BUSY),  # serialization failure
    ("40P01", Fault.SERVER_BUSY),  # deadlock
    ("55P03", Fault.SERVER_BUSY),  # lock not available
    ("53100", Fault.DISK_FULL),
    ("25006", Fault.READ_ONLY),  # read-only transaction (a standby)
)
# A connection psycopg found dead carries no SQLSTATE, only its words.
_SERVER_GONE = ("server closed the connection", "connection is closed", "connection is lost",
                "consuming input failed", "terminating connection", "connection refused",
                "connection to server")
# The same causes by message, for errors that carry no code.
_BY_MESSAGE = (
    ("disk is full", Fault.DISK_FULL),
    ("no space left", Fault.DISK_FULL),
    ("readonly database", Fault.READ_ONLY),
    ("read-only", Fault.READ_ONLY),
    ("database is locked", Fault.LOCKED),
    ("database table is locked", Fault.LOCKED),
    ("malformed", Fault.DAMAGED),
    ("file is not a database", Fault.DAMAGED),
    ("disk i/o error", Fault.DISK_IO),
    ("unable to open database file", Fault.CANNOT_OPEN),
)
_BY_ERRNO = {
    errno.ENOSPC: Fault.DISK_FULL,
    errno.EDQUOT: Fault.DISK_FULL,
    errno.EROFS: Fault.READ_ONLY,
    errno.EACCES: Fault.READ_ONLY,
    errno.EPERM: Fault.READ_ONLY,
    errno.EIO: Fault.DISK_IO,
}


def _chain(error: BaseException) -> Iterator[BaseException]:
    """Yield the error, the driver errors Peewee wraps in it, and their causes, once each."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        # Peewee re-raises the driver's exception as its own first argument.
        todo.extend(arg for arg in current.args[:1] if isinstance(arg, BaseException))
        todo.extend(link for link in (current.__cause__, current.__context__) if link)


def explain(error: BaseException) -> Fault | None:
    """Return the cause of a failed operation the rep can act on, or None when it is a bug."""
    chain = list(_chain(error))
    for link in chain:
        state = getattr(link, "sqlstate", None) or ""
        for prefix, fault in _BY_SQLSTATE:
            if state.startswith(prefix):
                return fault
        if type(link).__module__.startswith("psycopg") and any(
                words in str(link).lower() for words in _SERVER_GONE):
            return Fault.SERVER_LOST
    for link in chain:
        name = getattr(link, "sqlite_errorname", "") if isinstance(link, sqlite3.Error) else ""
        for prefix, fault in _BY_CODE:
            if name == prefix or name.startswith(prefix + "_"):
                return fault
        if isinstance(link, OSError) and link.errno in _BY_ERRNO:
            return _BY_ERRNO[link.errno]
    for link in chain:
        if isinstance(link, (sqlite3.Error, OSError)) or type(link).__module__ == "peewee":
            text = str(link).lower()
            for fragment, fault in _BY_MESSAGE:
                if fragment in text:
                    return fault
    return None

"""Which files kam may open as its database, decided before SQLite or chmod touches anything."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from kam_tui.core.db import faults
from kam_tui.core.db.faults import Fault

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class DatabaseFileError(RuntimeError):
    """A database file kam refuses or cannot open; the message says why, in one line."""


def side_files(path: Path) -> list[Path]:
    """Return the files SQLite keeps beside a database: its -wal, -shm and -journal."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def has_sqlite_header(path: Path) -> bool:
    """Return whether the file starts with the 16-byte SQLite header."""
    with open(path, "rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _can_write(path: Path) -> bool:
    # os.access asks the kernel with the real uid, so it also sees read-only mounts.
    return os.access(path, os.W_OK)


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_openable(path: Path, *, init: bool = False) -> bool:
    """Refuse a path that is not, and will not become, a kam database; return whether it is new.

    A symlink to a real SQLite file is allowed (people keep their data on another disk); a
    dangling one is refused unless `init` asks to create the database at its target.
    """
    if path.is_symlink() and not path.exists() and not init:
        raise DatabaseFileError(f"{path} is a symbolic link to a missing file "
                                f"({os.readlink(path)}); use --init to create a new database there")
    if not path.exists():
        folder = _nearest_existing(Path(os.path.realpath(path)).parent)
        if not _can_write(folder):
            raise DatabaseFileError(f"the folder {folder} cannot be written, so {path.name} "
                                    "cannot be created there")
        return True
    if not path.is_file():
        raise DatabaseFileError(f"{path} is not a file")
    try:
        size = path.stat().st_size
        header_ok = size == 0 or has_sqlite_header(path)
    except PermissionError:
        raise DatabaseFileError(f"the file cannot be read (permission denied): {path}") from None
    if size == 0 and not init:
        raise DatabaseFileError(f"{path} is empty; use --init to make it a new kam database")
    if not header_ok:
        raise DatabaseFileError(f"{path} is not a kam database (it is not a SQLite file); "
                                "it was left untouched")
    if not _can_write(path):
        raise DatabaseFileError(f"the file is read-only: {path}")
    folder = path.resolve().parent  # SQLite puts the -wal and -shm beside the real file
    if not _can_write(folder):
        raise DatabaseFileError(f"the folder {folder} cannot be written (SQLite keeps its "
                                f"-wal and -shm files beside {path.name})")
    return size == 0


def read_only_uri(path: Path) -> str:
    """Return a URI that reads a database without creating anything beside it.

    With no -wal beside the file, `immutable` keeps SQLite from creating a -shm; with one, its
    committed pages must be read, and the files are already there.
    """
    uri = path.resolve().as_uri()
    wal = path.resolve().with_name(path.resolve().name + "-wal")
    return f"{uri}?mode=ro" if wal.exists() else f"{uri}?immutable=1"


def is_disk_full(error: BaseException, folder: Path) -> bool:
    """Return whether an error on open comes from a full disk."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    text = str(error).lower()
    if "disk is full" in text:
        return True
    if "disk i/o error" not in text:
        return False
    try:  # SQLite says "disk I/O error" when its shared memory file cannot grow
        return shutil.disk_usage(_nearest_existing(folder)).free < 1 << 20
    except OSError:
        return False


def explain(error: BaseException, path: Path) -> str:
    """Return one line saying what went wrong opening path and what to do."""
    folder = path.absolute().parent
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, DatabaseFileError):
        return text
    fault = faults.explain(error)
    if fault is Fault.DISK_FULL or is_disk_full(error, folder):
        return f"the disk is full: free some space on the disk holding {folder} and start again"
    if fault is Fault.READ_ONLY:
        return f"the file is read-only: {path}"
    if fault is Fault.CANNOT_OPEN:
        return f"the folder {folder} cannot be written, or {path.name} cannot be opened there"
    if fault is Fault.DAMAGED:
        return (f"{path} is damaged ({text}); run `kam check --db {path}` and restore a backup "
                "with `kam restore FILE`")
    if fault is Fault.LOCKED:
        return f"{path} is locked by another program; close it and try again"
    return f"cannot open {path}: {text}"

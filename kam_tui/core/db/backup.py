"""Backups of a database file with SQLite's online backup API: private, automatic and pruned."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kam_tui.core import paths
from kam_tui.core.db.file_rules import (
    DatabaseFileError,
    has_sqlite_header,
    read_only_uri,
    side_files,
)
from kam_tui.core.platform import fsync_file, fsync_folder

STAMP = "%Y%m%d-%H%M%S"
NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+)(?:-\d+)?\.db$")
KEEP_DAILY = 7
KEEP_WEEKLY = 4
AUTO_EVERY = timedelta(days=1)
MANUAL = "manual"  # asked for by name: never pruned


@dataclass(frozen=True)
class Backup:
    """One backup file and what its name says."""

    path: Path
    taken: datetime
    reason: str


def folder_for(db_path: Path) -> Path:
    """Return the backups folder of one database: its name plus a hash of where it lives.

    Each database has its own folder, so pruning the backups of one never removes another's.
    """
    real = db_path.resolve()
    digest = hashlib.sha256(str(real).encode()).hexdigest()[:8]
    return paths.backups_dir() / f"{real.stem}-{digest}"


def private_folder_for(db_path: Path) -> Path:
    """Create the database's backups folder, and the folder of all backups, 0700; return it."""
    paths.private_dir(paths.backups_dir())
    return paths.private_dir(folder_for(db_path))


def list_backups(folder: Path) -> list[Backup]:
    """Return the backups in a folder, newest first (by the time in their names)."""
    found = []
    for path in folder.glob("*.db") if folder.is_dir() else ():
        match = NAME.match(path.name)
        if match:
            taken = datetime.strptime(match["stamp"], STAMP)
            found.append(Backup(path, taken, match["reason"]))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _remove(path: Path) -> None:
    for file in (path, *side_files(path)):
        file.unlink(missing_ok=True)


def _temp_in(folder: Path, name: str) -> Path:
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)  # made 0600
    os.close(fd)
    return Path(temp)


def write_copy(source: Path, folder: Path, *, live: bool = True) -> Path:
    """Copy a database into a new private temporary file in folder; return that file.

    A live database is read through a normal connection, which sees its -wal; any other file
    (a backup to restore) read-only, so that nothing is created beside it.
    """
    temp = _temp_in(folder, source.name)
    try:
        uri = source.resolve().as_uri() if live else read_only_uri(source)
        with closing(sqlite3.connect(uri, uri=True, timeout=30)) as src, \
                closing(sqlite3.connect(temp)) as dst:
            src.backup(dst)
            # A backup stands alone: no -wal beside it to lose when it is copied elsewhere.
            dst.execute("PRAGMA journal_mode=delete")
        fsync_file(temp)
    except UnicodeDecodeError as error:
        # Damage in the schema's own text: Python's sqlite3 cannot even read it back.
        _remove(temp)
        raise sqlite3.DatabaseError("database disk image is malformed") from error
    except BaseException:
        _remove(temp)
        raise
    return temp


def _place(temp: Path, target: Path) -> Path:
    """Give the temporary file its final name without replacing anything; return the name."""
    try:
        os.link(temp, target)  # fails if target exists: a backup never overwrites a file
    except FileExistsError:
        temp.unlink(missing_ok=True)
        raise DatabaseFileError(f"{target} already exists; choose a new file name") from None
    except OSError:  # a file system without hard links (FAT, some network shares)
        if target.exists():
            temp.unlink(missing_ok=True)
            raise DatabaseFileError(f"{target} already exists; choose a new file name") from None
        os.replace(temp, target)
    temp.unlink(missing_ok=True)
    return target


def _free_name(folder: Path, db_path: Path, reason: str, now: datetime) -> Path:
    base = f"{db_path.resolve().stem}-{now.strftime(STAMP)}-{reason}"
    target, n = folder / f"{base}.db", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.db"
    return target


def make_backup(db_path: Path, target: Path | None = None, *, reason: str = MANUAL,
                now: datetime | None = None) -> Path:
    """Back a database up to target (a new file or a folder), else its backups folder."""
    if not db_path.is_file() or not has_sqlite_header(db_path):
        raise DatabaseFileError(f"there is no kam database at {db_path}")
    now = now or datetime.now()
    if target is None:
        target = _free_name(private_folder_for(db_path), db_path, reason, now)
    elif target.is_dir():
        target = _free_name(target, db_path, reason, now)
    elif target.exists() or target.is_symlink():
        raise DatabaseFileError(f"{target} already exists; choose a new file name or a folder")
    else:
        paths.private_dir(target.parent)
    return _place(write_copy(db_path, target.parent), target)


def prune(folder: Path, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY) -> list[Path]:
    """Keep the newest backup of each of the last days and weeks that have one; remove the rest.

    Manual backups are kept: the user asked for each one. So are those taken before a schema
    upgrade: they are the way back to the version before, however many backups follow that day.
    """
    automatic = [b for b in list_backups(folder) if b.reason not in (MANUAL, "migration")]
    keep: set[Path] = set()
    for key, count in ((lambda t: t.date(), keep_daily),
                       (lambda t: t.isocalendar()[:2], keep_weekly)):
        seen: set[object] = set()
        for backup in automatic:  # newest first, so the first of each day or week is kept
            period = key(backup.taken)
            if period not in seen and len(seen) < count:
                seen.add(period)
                keep.add(backup.path)
    removed = [b.path for b in automatic if b.path not in keep]
    for path in removed:
        _remove(path)
    return removed


def auto_backup(db_path: Path, reason: str, now: datetime | None = None) -> Path | None:
    """Back up a database that holds data and prune its old backups; return the new backup.

    Called at start, before each migration step, and before every import and every sync.
    """
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    made = make_backup(db_path, reason=reason, now=now)
    prune(made.parent)
    return made


def backup_due(db_path: Path, now: datetime | None = None) -> bool:
    """Return whether the newest backup of this database is a day old or more (or missing)."""
    backups = list_backups(folder_for(db_path))
    now = now or datetime.now()
    # abs(): a clock set back must not stop the daily backups until it catches up.
    return not backups or abs(now - backups[0].taken) >= AUTO_EVERY


def start_backup(db_path: Path, now: datetime | None = None) -> Path | None:
    """Take the daily backup at start when it is due; return it."""
    if backup_due(db_path, now):
        return auto_backup(db_path, "start", now)
    return None


def _raw_copy(db_path: Path, folder: Path, target: Path) -> Path:
    """Copy a damaged file byte for byte (and its -wal): the backup API cannot read it."""
    for source, suffix in ((db_path, ""), (db_path.with_name(db_path.name + "-wal"), "-wal")):
        if source.exists():
            temp = _temp_in(folder, source.name)
            shutil.copyfile(source, temp)
            _place(temp, target.with_name(target.name + suffix))
    return target


def backup_before_restore(db_path: Path, now: datetime | None = None) -> Path:
    """Back up the database about to be replaced, even when SQLite cannot read it."""
    try:
        made = make_backup(db_path, reason="restore", now=now)
    except sqlite3.DatabaseError:
        folder = private_folder_for(db_path)
        made = _raw_copy(db_path, folder, _free_name(folder, db_path, "damaged", now
                                                       or datetime.now()))
    prune(made.parent)
    return made


class RestoreRefused(DatabaseFileError):
    """The file to restore failed the check; nothing was changed."""


def _in_use(db_path: Path) -> bool:
    """Return whether another program has the database open.

    The last connection to close removes the -wal and -shm; if they stay after ours, another
    connection holds them.
    """
    try:
        with closing(sqlite3.connect(db_path, timeout=5)) as conn:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.DatabaseError:
        return False  # a damaged file: nothing can be learnt from it, and it is to be replaced
    wal, shm = side_files(db_path)[:2]
    return bool(busy) or wal.exists() or shm.exists()


def restore(source: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Replace the database with a checked copy of source; return the backup of the old one."""
    from kam_tui.core.db.doctor import check_file  # the doctor reads schema versions from here

    if not source.is_file() or not has_sqlite_header(source):
        raise RestoreRefused(f"{source} is not a kam backup (not a SQLite file); "
                             "nothing was changed")
    real = db_path.resolve() if db_path.exists() else db_path.absolute()
    if real == source.resolve():
        raise RestoreRefused(f"{source} is the database itself; nothing was changed")
    paths.private_dir(real.parent)
    try:
        temp = write_copy(source, real.parent, live=False)
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(f"{source} was not restored: the file is damaged ({error}); "
                             "nothing was changed") from error
    try:
        report = check_file(temp)
        if not report.ok:
            raise RestoreRefused(f"{source} was not restored: {report.summary()}; "
                                 "nothing was changed")
        previous = None
        if real.exists() and real.stat().st_size > 0:
            if _in_use(real):
                raise RestoreRefused(f"{real} is open in another program (is kam running?); "
                                     "close it and try again")
            previous = backup_before_restore(real, now)
        # A -wal left beside the new file would be replayed into it and corrupt it.
        for side in side_files(real):
            side.unlink(missing_ok=True)
        os.replace(temp, real)
        fsync_folder(real.parent)
    finally:
        _remove(temp)
    return previous

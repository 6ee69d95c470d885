"""The one safe way kam writes a file for the user: private, whole or not at all, never onto kam.

A file is written to a temporary file beside its target, flushed to disk, then renamed over the
target, so a crash leaves the old file or the new one, never half of each. The result is 0600
and missing folders are made 0700: exports hold customers' and contacts' names.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kam_tui.core.paths import private_dir
from kam_tui.core.platform import fsync_folder, set_fd_mode

__all__ = ["TargetExists", "TargetIsFolder", "TargetIsLink", "TargetProtected", "WriteRefused",
           "database_files", "private_file", "write_private"]

FILE_MODE = 0o600


class WriteRefused(OSError):
    """A target kam will not write to, with the reason in English and Chinese."""

    en = "Refused to write {path}"
    zh = "拒绝写入 {path}"

    def __init__(self, path: Path) -> None:
        super().__init__(self.en.format(path=path))
        self.path = path

    def message(self, lang: str = "en") -> str:
        """Return the reason in the given language."""
        return (self.zh if lang == "zh" else self.en).format(path=self.path)


class TargetExists(WriteRefused):
    """The file is already there and the caller did not say to replace it."""

    en = "{path} already exists"
    zh = "{path} 已存在"


class TargetIsLink(WriteRefused):
    """The target is a symbolic link; kam never writes through one."""

    en = "Refused: {path} is a symbolic link"
    zh = "已拒绝：{path} 是符号链接"


class TargetIsFolder(WriteRefused):
    """The target is a folder, not a file."""

    en = "Refused: {path} is a folder"
    zh = "已拒绝：{path} 是文件夹"


class TargetProtected(WriteRefused):
    """The target is the open database (or one of its side files)."""

    en = "Refused: {path} is your kam database"
    zh = "已拒绝：{path} 是您的 kam 数据库"


def free_path(path: Path) -> Path:
    """Return the path, or the first `name-2.csv`, `name-3.csv`… that is not taken."""
    candidate, number = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def database_files(path: str | Path | None) -> tuple[Path, ...]:
    """Return a database file and the side files SQLite keeps beside it (none for memory)."""
    if not path or str(path) == ":memory:" or str(path).startswith("file:"):
        return ()
    main = Path(path)
    return (main, *(main.with_name(main.name + tail) for tail in ("-wal", "-shm", "-journal")))


def _same(target: Path, other: Path) -> bool:
    with contextlib.suppress(OSError):
        if os.path.samefile(target, other):  # a hard link to the database is the database
            return True
    return os.path.realpath(target) == os.path.realpath(other)


def _check(target: Path, *, overwrite: bool, protect: tuple[Path, ...]) -> None:
    if any(_same(target, other) for other in protect):
        raise TargetProtected(target)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):  # dangling or not: a link would send the data elsewhere
        raise TargetIsLink(target)
    if stat.S_ISDIR(info.st_mode):
        raise TargetIsFolder(target)
    if not overwrite:
        raise TargetExists(target)


def _commit(temp: Path, target: Path, *, overwrite: bool, protect: tuple[Path, ...]) -> None:
    _check(target, overwrite=overwrite, protect=protect)  # again: the rep may have been slow
    if overwrite:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # fails if a file appeared meanwhile, where a rename would not
    except FileExistsError:
        raise TargetExists(target) from None
    except OSError:  # a filesystem without hard links: the check above has to do
        os.replace(temp, target)
        return
    os.unlink(temp)


@contextlib.contextmanager
def private_file(path: str | Path, *, overwrite: bool,
                 protect: Iterable[str | Path] = ()) -> Iterator[BinaryIO]:
    """Give a binary file that becomes `path` (0600) when the block ends without an error.

    Raises a WriteRefused error before anything is written when the target is protected, a
    link, a folder, or exists and overwrite is False; the temporary file never outlives a failure.
    """
    target = Path(path).expanduser().absolute()
    guarded = tuple(Path(each).expanduser().absolute() for each in protect)
    _check(target, overwrite=overwrite, protect=guarded)
    private_dir(target.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            set_fd_mode(handle.fileno(), FILE_MODE)  # mkstemp's mode already, whatever the umask
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _commit(temp, target, overwrite=overwrite, protect=guarded)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(target.parent)


def write_private(path: str | Path, data: bytes | str, *, overwrite: bool,
                  protect: Iterable[str | Path] = ()) -> Path:
    """Write data (text as UTF-8, line endings kept) to path as private_file does; return it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with private_file(path, overwrite=overwrite, protect=protect) as handle:
        handle.write(payload)
    return Path(path).expanduser().absolute()

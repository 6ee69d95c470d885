"""The one safe way kam writes a file for the user: temp and rename, 0600, asks, never onto kam.db."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kam_tui.core import files
from kam_tui.core.files import (
    TargetExists,
    TargetIsFolder,
    TargetIsLink,
    TargetProtected,
    WriteRefused,
    database_files,
    private_file,
    write_private,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_a_new_file_is_private_and_its_missing_folders_too(tmp_path):
    target = tmp_path / "a" / "b" / "out.ics"
    assert write_private(target, "BEGIN:VCALENDAR\r\n", overwrite=False) == target
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"  # line endings kept as given
    assert mode(target) == 0o600
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700
    assert leftovers(target.parent) == []


def test_bytes_are_written_as_they_are_and_a_tilde_means_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    write_private("~/x.bin", b"\x00\xff", overwrite=False)
    assert (tmp_path / "x.bin").read_bytes() == b"\x00\xff"


def test_an_existing_file_is_kept_unless_the_caller_says_replace(tmp_path):
    target = tmp_path / "out.ics"
    target.write_text("old")
    target.chmod(0o644)
    with pytest.raises(TargetExists) as caught:
        write_private(target, "new", overwrite=False)
    assert caught.value.path == target
    assert target.read_text() == "old" and mode(target) == 0o644
    write_private(target, "new", overwrite=True)
    assert target.read_text() == "new"
    assert mode(target) == 0o600  # a replaced 0644 file does not keep its mode
    assert leftovers(tmp_path) == []


def test_a_symlink_is_never_followed_dangling_or_not(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.ics"
    link.symlink_to(victim)
    for overwrite in (False, True):
        with pytest.raises(TargetIsLink):
            write_private(link, "data", overwrite=overwrite)
    assert victim.read_text() == "keep me" and link.is_symlink()
    dangling = tmp_path / "dangling.ics"
    dangling.symlink_to(tmp_path / "nowhere" / "made.ics")
    with pytest.raises(TargetIsLink):
        write_private(dangling, "data", overwrite=True)
    assert not (tmp_path / "nowhere").exists()
    assert leftovers(tmp_path) == []


def test_a_folder_is_not_a_file(tmp_path):
    folder = tmp_path / "out.ics"
    folder.mkdir()
    with pytest.raises(TargetIsFolder):
        write_private(folder, "data", overwrite=True)
    assert folder.is_dir() and os.listdir(folder) == []


def test_the_open_database_and_its_side_files_are_never_the_target(tmp_path):
    db = tmp_path / "data" / "kam.db"
    db.parent.mkdir()
    db.write_bytes(b"SQLite format 3\x00")
    protect = database_files(db)
    assert [p.name for p in protect] == ["kam.db", "kam.db-wal", "kam.db-shm", "kam.db-journal"]
    (tmp_path / "alias").symlink_to(db.parent)
    os.link(db, tmp_path / "hard.db")
    spellings = [db, tmp_path / "data" / ".." / "data" / "kam.db", tmp_path / "alias" / "kam.db",
                 tmp_path / "hard.db", tmp_path / "data" / "kam.db-wal"]
    for target in spellings:
        with pytest.raises(TargetProtected):
            write_private(target, "oops", overwrite=True, protect=protect)
    assert db.read_bytes() == b"SQLite format 3\x00"
    assert not (tmp_path / "data" / "kam.db-wal").exists()
    assert database_files(":memory:") == () and database_files("") == ()


def test_the_temp_file_is_removed_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "out.ics"
    with pytest.raises(RuntimeError), private_file(target, overwrite=False) as handle:
        handle.write(b"half")
        raise RuntimeError("disk full")
    assert not target.exists() and leftovers(tmp_path) == []

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"):
        write_private(target, "data", overwrite=False)
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_not_overwritten(tmp_path):
    target = tmp_path / "out.ics"
    with pytest.raises(TargetExists), private_file(target, overwrite=False) as handle:
        handle.write(b"mine")
        target.write_text("theirs")  # another program, while the rep's export was written
    assert target.read_text() == "theirs" and leftovers(tmp_path) == []


def test_refusals_say_why_in_both_languages(tmp_path):
    target = tmp_path / "kam.db"
    error = TargetProtected(target)
    assert isinstance(error, WriteRefused) and isinstance(error, OSError)
    assert error.message("en") == f"Refused: {target} is your kam database"
    assert error.message("zh") == f"已拒绝：{target} 是您的 kam 数据库"
    assert TargetExists(target).message("zh") == f"{target} 已存在"
    assert "symbolic link" in TargetIsLink(target).message("en")
    assert "folder" in TargetIsFolder(target).message("en")

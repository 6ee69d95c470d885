"""Which files kam opens: only SQLite files or new ones, and nothing touched when it refuses."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from kam_tui.core.db import database, file_rules
from kam_tui.core.db.database import SCHEMA_VERSION, SchemaTooNewError, open_database
from kam_tui.core.db.file_rules import DatabaseFileError, explain


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def side_files_of(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def kam_file(path: Path) -> Path:
    open_database(path).close()
    return path


def text_file(path: Path) -> Path:
    path.write_text("my notes\n")
    os.chmod(path, 0o644)
    return path


def test_a_text_file_is_refused_and_left_exactly_as_it_was(tmp_path: Path) -> None:
    notes = text_file(tmp_path / "notes.txt")
    with pytest.raises(DatabaseFileError, match="not a SQLite file"):
        open_database(notes)
    assert mode(notes) == 0o644  # today's code left it 0600
    assert notes.read_text() == "my notes\n"
    assert side_files_of(notes) == []


def test_a_symlink_to_a_text_file_is_refused_without_chmod(tmp_path: Path) -> None:
    notes = text_file(tmp_path / "notes.txt")
    link = tmp_path / "kam.db"
    link.symlink_to(notes)
    with pytest.raises(DatabaseFileError, match="not a SQLite file"):
        open_database(link)
    assert mode(notes) == 0o644
    assert side_files_of(notes) == [] and side_files_of(link) == []


def test_a_symlink_to_a_kam_database_opens_it(tmp_path: Path) -> None:
    real = kam_file(tmp_path / "disk" / "kam.db")
    link = tmp_path / "kam.db"
    link.symlink_to(real)
    db = open_database(link)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        db.close()
    assert link.is_symlink()


def test_a_dangling_symlink_is_refused_unless_init(tmp_path: Path) -> None:
    link = tmp_path / "kam.db"
    target = tmp_path / "elsewhere.db"
    link.symlink_to(target)
    with pytest.raises(DatabaseFileError, match="missing file"):
        open_database(link)
    assert not target.exists() and side_files_of(target) == []
    open_database(link, init=True).close()
    assert target.is_file() and mode(target) == 0o600


def test_an_empty_file_is_refused_unless_init(tmp_path: Path) -> None:
    empty = tmp_path / "kam.db"
    empty.write_bytes(b"")
    os.chmod(empty, 0o644)
    with pytest.raises(DatabaseFileError, match="empty.*--init"):
        open_database(empty)
    assert empty.stat().st_size == 0 and mode(empty) == 0o644
    assert side_files_of(empty) == []
    open_database(empty, init=True).close()
    assert empty.stat().st_size > 0 and mode(empty) == 0o600


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseFileError, match="not a file"):
        open_database(tmp_path)


@pytest.mark.parametrize("wal", [False, True])
def test_refusing_a_newer_schema_leaves_no_wal_or_shm(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=wal")
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNewError):
        open_database(path)
    assert side_files_of(path) == []


def test_a_damaged_first_page_is_refused_without_touching_the_file(tmp_path: Path) -> None:
    path = kam_file(tmp_path / "kam.db")
    with open(path, "r+b") as file:  # a valid header, garbage where the page size and schema are
        file.seek(16)
        file.write(b"\xff" * 84)
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError, match="kam check"):
        open_database(path)
    assert path.read_bytes() == before
    assert side_files_of(path) == []


def test_a_read_only_file_is_named(tmp_path: Path, monkeypatch) -> None:
    path = kam_file(tmp_path / "kam.db")
    # As root every file is writable; the rule is what os.access says for the user.
    monkeypatch.setattr(file_rules, "_can_write", lambda p: Path(p) != path)
    with pytest.raises(DatabaseFileError, match="the file is read-only: .*kam.db"):
        open_database(path)
    assert side_files_of(path) == []


def test_a_read_only_folder_is_named(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "locked"
    path = kam_file(folder / "kam.db")
    monkeypatch.setattr(file_rules, "_can_write", lambda p: Path(p) != folder)
    with pytest.raises(DatabaseFileError, match=r"the folder .*locked cannot be written"):
        open_database(path)
    with pytest.raises(DatabaseFileError, match=r"the folder .*locked cannot be written"):
        open_database(folder / "new.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_read_only_file_really_refused(tmp_path: Path) -> None:
    path = kam_file(tmp_path / "kam.db")
    os.chmod(path, 0o400)
    with pytest.raises(DatabaseFileError, match="read-only"):
        open_database(path)


def test_a_full_disk_at_start_says_so(tmp_path: Path, monkeypatch) -> None:
    def no_space(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(database.os, "open", no_space)
    with pytest.raises(DatabaseFileError, match="the disk is full"):
        open_database(tmp_path / "kam.db")


def test_a_full_disk_during_the_upgrade_says_so_and_cleans_up(tmp_path: Path,
                                                             monkeypatch) -> None:
    def full(db: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "upgrade", full)
    path = tmp_path / "kam.db"
    with pytest.raises(DatabaseFileError, match="the disk is full"):
        open_database(path)
    assert side_files_of(path) == []


@pytest.mark.parametrize(("error", "said"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), "the file is read-only"),
    (sqlite3.OperationalError("unable to open database file"), "cannot be written"),
    (sqlite3.DatabaseError("database disk image is malformed"), "kam check"),
    (sqlite3.OperationalError("database is locked"), "locked by another program"),
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
])
def test_explain_names_the_cause(tmp_path: Path, error: BaseException, said: str) -> None:
    line = explain(error, tmp_path / "kam.db")
    assert said in line and "\n" not in line

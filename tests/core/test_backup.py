"""Backups: a private consistent copy, pruned to days and weeks, and a restore that checks first."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kam_tui.core import paths
from kam_tui.core.db import backup
from kam_tui.core.db.backup import (
    RestoreRefused,
    auto_backup,
    backup_due,
    folder_for,
    list_backups,
    make_backup,
    prune,
    restore,
    start_backup,
)
from kam_tui.core.db.database import SCHEMA_VERSION, open_database
from kam_tui.core.db.file_rules import DatabaseFileError
from tests.helpers import add_account

NOW = datetime(2026, 12, 1, 14, 22, 33)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM account ORDER BY id")]
    finally:
        conn.close()


def kam_db(path: Path, *accounts: str) -> Path:
    """Create a closed kam database holding these accounts."""
    db = open_database(path)
    try:
        for name in accounts:
            add_account(name)
    finally:
        db.close()
    return path


def damage(path: Path) -> None:
    """Overwrite bytes in the middle of the file, as a failing disk or a stray write would."""
    size = path.stat().st_size
    with open(path, "r+b") as file:
        file.seek(size // 2)
        file.write(b"\xde\xad\xbe\xef" * 1024)


def test_a_backup_is_a_private_standalone_copy(tmp_path: Path) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar", "吴伟科技")
    made = make_backup(path, now=NOW)
    assert made.parent == folder_for(path)
    assert made.name == "kam-20261201-142233-manual.db"
    assert mode(made) == 0o600
    assert mode(made.parent) == 0o700 and mode(paths.backups_dir()) == 0o700
    assert names(made) == ["Northstar", "吴伟科技"]
    conn = sqlite3.connect(made)
    try:  # no -wal needed beside it: it can be copied anywhere as one file
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no temp file left


def test_a_backup_sees_what_is_only_in_the_wal(db, db_path: Path) -> None:
    add_account("Not yet checkpointed")  # the fixture's connection is open: this stays in the WAL
    assert db_path.with_name("kam.db-wal").stat().st_size > 0
    assert names(make_backup(db_path)) == ["Not yet checkpointed"]


def test_a_backup_to_a_path_or_a_folder_never_overwrites(tmp_path: Path) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    target = tmp_path / "out" / "copy.db"
    assert make_backup(path, target) == target and mode(target) == 0o600
    with pytest.raises(DatabaseFileError, match="already exists"):
        make_backup(path, target)
    into = make_backup(path, tmp_path / "out", now=NOW)
    assert into.parent == tmp_path / "out" and names(into) == ["Northstar"]
    again = make_backup(path, tmp_path / "out", now=NOW)  # the same second: a second name
    assert again != into and again.name.endswith("-manual-2.db")


def test_nothing_to_back_up(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(DatabaseFileError):
        make_backup(notes)
    assert auto_backup(tmp_path / "missing.db", "start") is None


def fake_backup(folder: Path, taken: datetime, reason: str = "start") -> Path:
    """Name an empty file as a backup taken at that time: pruning reads only the names."""
    path = folder / f"kam-{taken:%Y%m%d-%H%M%S}-{reason}.db"
    path.write_bytes(b"")
    return path


def test_retention_keeps_seven_days_and_four_weeks(tmp_path: Path) -> None:
    start = datetime(2026, 9, 1, 9, 0, 0)  # a Tuesday
    for day in range(70):  # two backups a day for ten weeks
        for hour in (0, 6):
            fake_backup(tmp_path, start + timedelta(days=day, hours=hour))
    removed = prune(tmp_path)
    taken = [b.taken for b in list_backups(tmp_path)]
    last = start + timedelta(days=69, hours=6)
    assert taken[:7] == [last - timedelta(days=n) for n in range(7)]  # newest of each last day
    older = taken[7:]
    assert older == [datetime(2026, 11, 1, 15), datetime(2026, 10, 25, 15)]  # Sundays' last
    assert {t.isocalendar()[:2] for t in taken} == {(2026, w) for w in (43, 44, 45, 46)}
    assert len(removed) == 140 - 9 and not any(p.exists() for p in removed)


def test_each_automatic_backup_prunes(tmp_path: Path, monkeypatch) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    folder = backup.private_folder_for(path)
    for day in range(20):
        fake_backup(folder, NOW - timedelta(days=30 - day))
    auto_backup(path, "import", NOW)
    kept = list_backups(folder)
    assert kept[0].reason == "import" and len(kept) <= 7 + 4


def test_manual_backups_are_never_pruned(tmp_path: Path) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    manual = make_backup(path, now=NOW - timedelta(days=400))
    for day in range(30):
        fake_backup(manual.parent, NOW + timedelta(days=day))
    assert len(prune(manual.parent)) == 30 - 7 - 2
    assert manual.exists()
    assert prune(folder_for(path)) == []


def test_backups_of_two_databases_do_not_prune_each_other(tmp_path: Path) -> None:
    first = kam_db(tmp_path / "a" / "kam.db", "A")
    second = kam_db(tmp_path / "b" / "kam.db", "B")
    assert folder_for(first) != folder_for(second)
    old = auto_backup(first, "start", NOW - timedelta(days=3))
    for day in range(10):
        auto_backup(second, "start", NOW - timedelta(days=2) + timedelta(hours=day))
    assert old is not None and old.exists()
    assert [b.reason for b in list_backups(folder_for(first))] == ["start"]


def test_the_start_backup_is_daily(tmp_path: Path) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    assert backup_due(path, NOW)
    assert start_backup(path, NOW) is not None
    assert start_backup(path, NOW + timedelta(hours=23)) is None
    assert not backup_due(path, NOW + timedelta(hours=23))
    assert start_backup(path, NOW + timedelta(days=1)) is not None
    assert backup_due(path, NOW - timedelta(days=5))  # the clock went back: still daily


def test_restore_round_trip(tmp_path: Path) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    saved = make_backup(path, tmp_path / "saved.db")
    db = open_database(path)
    add_account("Added after the backup")
    db.close()
    previous = restore(saved, path, NOW)
    assert names(path) == ["Northstar"]
    assert previous is not None and names(previous) == ["Northstar", "Added after the backup"]
    assert previous.name == "kam-20261201-142233-restore.db"
    assert mode(path) == 0o600
    assert not path.with_name("kam.db-wal").exists() and not path.with_name("kam.db-shm").exists()
    assert names(saved) == ["Northstar"]  # the source itself is left as it was
    open_database(path).close()  # and the app opens the restored file


def test_restore_refuses_a_damaged_copy_and_changes_nothing(tmp_path: Path) -> None:
    path = kam_db(tmp_path / "kam.db", *(f"Account {n}" for n in range(40)))
    copy = make_backup(path, tmp_path / "copy.db")
    damage(copy)
    before = path.read_bytes()
    with pytest.raises(RestoreRefused, match="not restored.*nothing was changed"):
        restore(copy, path)
    assert path.read_bytes() == before
    assert list_backups(folder_for(path)) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "kam.db"]  # no temp file


@pytest.mark.parametrize("kind", ["text", "other program", "too new"])
def test_restore_refuses_what_is_not_a_kam_backup(tmp_path: Path, kind: str) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    source = tmp_path / "source.db"
    if kind == "text":
        source.write_text("not a database")
    else:
        conn = sqlite3.connect(source)
        conn.execute("CREATE TABLE account (id)")
        version = SCHEMA_VERSION + 1 if kind == "too new" else 0
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
        conn.close()
    with pytest.raises(RestoreRefused):
        restore(source, path)
    assert names(path) == ["Northstar"]


def test_restore_refuses_while_the_database_is_open(db, db_path: Path, tmp_path: Path) -> None:
    add_account("Open elsewhere")
    saved = make_backup(db_path, tmp_path / "saved.db")
    with pytest.raises(RestoreRefused, match="open in another program"):
        restore(saved, db_path)


def test_restore_backs_up_a_damaged_current_file_byte_for_byte(tmp_path: Path,
                                                              monkeypatch) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")
    saved = make_backup(path, tmp_path / "saved.db")
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # unreadable by SQLite
    broken = path.read_bytes()
    previous = restore(saved, path, NOW)
    assert previous is not None and previous.read_bytes() == broken
    assert "damaged" in previous.name and mode(previous) == 0o600
    assert names(path) == ["Northstar"]


def test_restore_into_a_missing_database(tmp_path: Path) -> None:
    saved = make_backup(kam_db(tmp_path / "kam.db", "Northstar"), tmp_path / "saved.db")
    target = tmp_path / "new" / "kam.db"
    assert restore(saved, target) is None
    assert names(target) == ["Northstar"] and mode(target) == 0o600


def test_a_failed_copy_leaves_no_temp_file(tmp_path: Path, monkeypatch) -> None:
    path = kam_db(tmp_path / "kam.db", "Northstar")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "fsync_file", fail)
    with pytest.raises(OSError):
        make_backup(path)
    assert list(folder_for(path).iterdir()) == []

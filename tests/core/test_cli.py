"""The `kam` command: which database it opens, and what it refuses."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kam_tui import cli
from kam_tui.core.db import models as m
from kam_tui.core.db.backup import folder_for, list_backups, make_backup
from kam_tui.core.db.database import SCHEMA_VERSION, open_database
from kam_tui.ui.app import KamApp
from tests.helpers import add_account


@pytest.fixture
def started(monkeypatch) -> list[KamApp]:
    """Record the app main() would run instead of taking over the terminal."""
    apps: list[KamApp] = []

    def fake_run(self: KamApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

    monkeypatch.setattr(KamApp, "run", fake_run)
    return apps


def test_default_database_lives_in_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("KAM_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli.user_db_path() == tmp_path / "kam-tui" / "kam.db"


def test_db_option_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KAM_DB", str(tmp_path / "env.db"))
    assert cli.resolve_db_path(cli.parse_args([])) == tmp_path / "env.db"
    chosen = cli.resolve_db_path(cli.parse_args(["--db", str(tmp_path / "opt.db")]))
    assert chosen == tmp_path / "opt.db"


def test_first_run_creates_a_private_database(monkeypatch, tmp_path, started):
    monkeypatch.delenv("KAM_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("KAM_DB", raising=False)
    assert cli.main(["--lang", "zh"]) == 0
    path = tmp_path / "kam-tui" / "kam.db"
    assert path.stat().st_mode & 0o777 == 0o600
    assert started[0].lang == "zh"


def test_demo_never_touches_the_users_database(monkeypatch, tmp_path, started, private_folders):
    monkeypatch.delenv("KAM_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("KAM_DB", str(tmp_path / "mine.db"))
    counts = []
    monkeypatch.setattr(KamApp, "run", lambda self: (started.append(self), counts.append(
        m.Account.select().count())))
    assert cli.main(["--demo", "--today", "2026-11-23"]) == 0
    assert not (tmp_path / "mine.db").exists()
    assert not (tmp_path / "kam-tui").exists()  # nor its backups folder: the demo has none
    app = started[0]
    assert app.demo and "kam-demo-" in app.db_label
    assert counts[0] >= 35
    assert not Path(app.db_label).parent.exists()  # the demo's folder went with the app


def test_the_demo_folder_is_removed_on_error_too(monkeypatch, tmp_path, started, capsys):
    made: list[Path] = []
    real_mkdtemp = cli.tempfile.mkdtemp

    def mkdtemp(**kwargs: object) -> str:
        made.append(Path(real_mkdtemp(dir=tmp_path, **kwargs)))
        return str(made[-1])

    def broken(db: object, today: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cli.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr("kam_tui.sample.demo.generate_demo", broken)
    assert cli.main(["--demo"]) == 2
    assert capsys.readouterr().err.startswith("kam: the disk is full")
    assert made and not made[0].exists() and not started


def test_a_database_from_a_newer_version_is_refused(tmp_path, capsys, started):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    assert cli.main(["--db", str(path)]) == 2
    assert "newer" in capsys.readouterr().err.lower()
    assert path.read_bytes() == before and not started


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert "kam-tui" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "--demo" in out and "--init" in out
    for command in ("backup", "restore", "check", "doctor"):
        assert command in out


def kam_file(path: Path, *accounts: str) -> Path:
    db = open_database(path)
    try:
        for name in accounts:
            add_account(name)
    finally:
        db.close()
    return path


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("kam: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_the_app_options_and_the_commands_parse_as_before():
    assert cli.parse_args(["--db", "x.db"]).command is None
    assert cli.parse_args(["--db", "x.db", "check"]).db == "x.db"
    assert cli.parse_args(["check", "--db", "x.db"]).db == "x.db"
    assert cli.parse_args(["doctor"]).command == "doctor"
    assert cli.parse_args(["backup", "to.db", "--db", "x.db"]).path == "to.db"
    assert cli.parse_args(["restore", "from.db"]).file == "from.db"
    with pytest.raises(SystemExit):
        cli.parse_args(["--demo", "check"])


def test_a_text_file_is_refused_in_one_line_and_keeps_its_mode(tmp_path, capsys, started):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    notes.chmod(0o644)
    assert cli.main(["--db", str(notes)]) == 2
    assert "not a SQLite file" in one_error_line(capsys)
    assert stat.S_IMODE(notes.stat().st_mode) == 0o644 and not started


def test_an_empty_file_needs_init(tmp_path, capsys, started):
    empty = tmp_path / "kam.db"
    empty.write_bytes(b"")
    assert cli.main(["--db", str(empty)]) == 2
    assert "--init" in one_error_line(capsys)
    assert cli.main(["--db", str(empty), "--init"]) == 0 and started


def test_the_start_backup_is_taken_once_a_day(tmp_path, started):
    path = kam_file(tmp_path / "kam.db", "Northstar")
    assert cli.main(["--db", str(path)]) == 0
    assert [b.reason for b in list_backups(folder_for(path))] == ["start"]
    assert cli.main(["--db", str(path)]) == 0
    assert len(list_backups(folder_for(path))) == 1


def test_no_start_backup_when_asked(tmp_path, started):
    path = kam_file(tmp_path / "kam.db", "Northstar")
    assert cli.main(["--db", str(path), "--no-backup"]) == 0
    assert list_backups(folder_for(path)) == []


def test_no_start_backup_of_a_brand_new_database(tmp_path, started):
    assert cli.main(["--db", str(tmp_path / "kam.db")]) == 0
    assert list_backups(folder_for(tmp_path / "kam.db")) == []


def test_the_start_backup_is_due_after_a_day(tmp_path, started):
    path = kam_file(tmp_path / "kam.db", "Northstar")
    make_backup(path, reason="start", now=datetime.now() - timedelta(days=1, minutes=1))
    assert cli.main(["--db", str(path)]) == 0
    assert len(list_backups(folder_for(path))) == 2


def test_backup_command_says_where(tmp_path, capsys):
    path = kam_file(tmp_path / "kam.db", "Northstar")
    assert cli.main(["backup", "--db", str(path)]) == 0
    made = list_backups(folder_for(path))[0].path
    assert str(made) in capsys.readouterr().out
    target = tmp_path / "copy.db"
    assert cli.main(["--db", str(path), "backup", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert cli.main(["backup", str(target), "--db", str(path)]) == 2
    assert "already exists" in one_error_line(capsys)
    assert cli.main(["backup", "--db", str(tmp_path / "missing.db")]) == 2
    assert not (tmp_path / "missing.db").exists()


def test_check_restore_round_trip(tmp_path, capsys):
    path = kam_file(tmp_path / "kam.db", *(f"Account {n}" for n in range(40)))
    good = make_backup(path, tmp_path / "good.db")
    assert cli.main(["check", "--db", str(path)]) == 0
    assert "No problems found." in capsys.readouterr().out

    damaged = make_backup(path, tmp_path / "damaged.db")
    with open(damaged, "r+b") as file:  # every page after the header's: no luck can miss it
        size = damaged.stat().st_size
        file.seek(4096)
        file.write(b"\xde\xad" * ((size - 4096) // 2))
    assert cli.main(["doctor", "--db", str(damaged)]) == 1
    out = capsys.readouterr().out
    assert "integrity" in out or "damaged" in out
    assert "kam restore FILE" in out and "Backups of this database" in out

    assert cli.main(["restore", str(damaged), "--db", str(path)]) == 2
    assert "not restored" in one_error_line(capsys)
    assert list_backups(folder_for(path)) == []

    assert cli.main(["restore", str(good), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "backed up to" in out and "Restored" in out
    assert [b.reason for b in list_backups(folder_for(path))] == ["restore"]


def test_check_of_a_missing_file_creates_nothing(tmp_path, capsys):
    assert cli.main(["check", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database" in one_error_line(capsys)
    assert not (tmp_path / "none.db").exists()

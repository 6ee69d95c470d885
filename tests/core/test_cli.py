"""The `kam` command: which database it opens, and what it refuses."""

from __future__ import annotations

import sqlite3

import pytest

from kam_tui import cli
from kam_tui.core.db import models as m
from kam_tui.core.db.database import SCHEMA_VERSION
from kam_tui.ui.app import KamApp


@pytest.fixture
def started(monkeypatch) -> list[KamApp]:
    """Record the app main() would run instead of taking over the terminal."""
    apps: list[KamApp] = []

    def fake_run(self: KamApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

    monkeypatch.setattr(KamApp, "run", fake_run)
    return apps


def test_default_database_lives_in_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli.user_db_path() == tmp_path / "kam-tui" / "kam.db"


def test_db_option_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KAM_DB", str(tmp_path / "env.db"))
    assert cli.resolve_db_path(cli.parse_args([])) == tmp_path / "env.db"
    chosen = cli.resolve_db_path(cli.parse_args(["--db", str(tmp_path / "opt.db")]))
    assert chosen == tmp_path / "opt.db"


def test_first_run_creates_a_private_database(monkeypatch, tmp_path, started):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("KAM_DB", raising=False)
    assert cli.main(["--lang", "zh"]) == 0
    path = tmp_path / "kam-tui" / "kam.db"
    assert path.stat().st_mode & 0o777 == 0o600
    assert started[0].lang == "zh"


def test_demo_never_touches_the_users_database(monkeypatch, tmp_path, started):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("KAM_DB", str(tmp_path / "mine.db"))
    assert cli.main(["--demo", "--today", "2026-11-23"]) == 0
    assert not (tmp_path / "mine.db").exists()
    assert not (tmp_path / "kam-tui").exists()
    app = started[0]
    assert app.demo and "kam-demo-" in app.db_label
    with app.db.connection_context():
        assert m.Account.select().count() >= 35


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
    assert "--demo" in capsys.readouterr().out

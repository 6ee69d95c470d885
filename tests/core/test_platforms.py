"""Windows and macOS: kam's files open, are written and live where each system keeps them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kam_tui.core import paths
from kam_tui.core.db.backup import list_backups, make_backup, restore
from kam_tui.core.db.database import SCHEMA_VERSION, open_database, schema_version
from kam_tui.core.drafts import Draft, DraftStore
from kam_tui.core.errorlog import write_report
from kam_tui.core.files import write_private
from tests.core.fake_systems import (
    LOCAL_APP_DATA,
    act_as_macos,
    act_as_windows,
    default_folders,
)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch):
    """Run the test as kam would run on Windows."""
    return act_as_windows(monkeypatch)


def _kam_file(path: Path, mode: int) -> Path:
    open_database(path).close()
    os.chmod(path, mode)
    return path


def test_on_windows_an_existing_database_opens(tmp_path: Path, windows) -> None:
    # Windows reports every writable file as 0o666: group and other bits that mean nothing there.
    path = _kam_file(tmp_path / "kam.db", 0o644)
    db = open_database(path)  # today's code asked os.getuid, which Windows does not have
    try:
        assert schema_version(db) == SCHEMA_VERSION
    finally:
        db.close()


def test_on_windows_an_export_is_written(tmp_path: Path, windows) -> None:
    target = write_private(tmp_path / "exports" / "accounts.csv", "名称\r\n吴伟科技\r\n",
                           overwrite=False)
    assert target.read_bytes() == "名称\r\n吴伟科技\r\n".encode()


def test_on_windows_backups_are_flushed_and_restored(tmp_path: Path, windows) -> None:
    path = _kam_file(tmp_path / "kam.db", 0o600)
    made = make_backup(path)  # Windows flushes only a handle opened for writing
    assert list_backups(made.parent)[0].path == made
    previous = restore(made, path)
    assert previous is not None and previous.is_file()


def test_on_windows_drafts_and_the_error_log_are_written(tmp_path: Path, windows) -> None:
    store = DraftStore(str(tmp_path / "kam.db"))
    store.save(Draft("account", 7, None, {"name": "顺达快运"}))
    assert store.load("account-7").values == {"name": "顺达快运"}
    try:
        raise ValueError("a bug")
    except ValueError as error:
        log = write_report(error, "test")
    assert "ValueError: a bug" in log.read_text("utf-8")


def test_on_windows_everything_lives_in_the_users_local_app_data(monkeypatch, windows) -> None:
    default_folders(monkeypatch)
    home = f"{LOCAL_APP_DATA}{os.sep}kam-tui"  # private to the user by the profile's ACL
    assert str(paths.user_db_path()) == f"{home}{os.sep}kam.db"
    for folder in (paths.backups_dir(), paths.drafts_dir(), paths.error_log_path().parent):
        assert str(folder).startswith(home)


def test_on_macos_everything_lives_in_application_support(tmp_path: Path, monkeypatch) -> None:
    default_folders(monkeypatch)
    act_as_macos(monkeypatch, tmp_path)
    home = tmp_path / "Library" / "Application Support" / "kam-tui"
    assert paths.user_db_path() == home / "kam.db"
    assert paths.backups_dir() == home / "backups"
    assert paths.drafts_dir().parent == home and paths.error_log_path().parent == home


def test_on_macos_files_are_private_as_on_linux(tmp_path: Path, monkeypatch) -> None:
    act_as_macos(monkeypatch, tmp_path)
    path = _kam_file(tmp_path / "kam.db", 0o644)
    open_database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_on_linux_the_folders_follow_xdg(tmp_path: Path, monkeypatch) -> None:
    default_folders(monkeypatch)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert paths.user_db_path() == tmp_path / "data" / "kam-tui" / "kam.db"
    assert paths.drafts_dir() == tmp_path / "state" / "kam-tui" / "drafts"

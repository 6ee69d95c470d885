"""Shared fixtures: a fresh database file per test and a frozen 'today'."""

from __future__ import annotations

from pathlib import Path

import pytest

from kam_tui.areas import register_record_kinds
from kam_tui.areas.customers.service import AccountService
from kam_tui.core.db.database import open_database
from kam_tui.core.service import RecordService
from tests.helpers import TODAY


@pytest.fixture(autouse=True, scope="session")
def record_kinds() -> None:
    """Register every area's record kinds, as kam does at start-up."""
    register_record_kinds()


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test's backups, drafts and error log out of the real home folder."""
    home = tmp_path / "kam-home"
    monkeypatch.setenv("KAM_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("KAM_STATE_DIR", str(home / "state"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return the path of a database file that does not exist yet."""
    return tmp_path / "kam.db"


@pytest.fixture
def db(db_path: Path):
    """Open a fresh, migrated database bound to the models."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def service(db) -> AccountService:
    """Return the account service on the fresh database with today frozen."""
    return AccountService(db, lambda: TODAY)


@pytest.fixture
def records(db) -> RecordService:
    """Return the one write path on the fresh database with today frozen."""
    return RecordService(db, lambda: TODAY)

"""Shared fixtures: a fresh database file per test and a frozen 'today'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kam_tui.db.database import open_database
from kam_tui.services.accounts import AccountService

TODAY = date(2026, 11, 23)


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

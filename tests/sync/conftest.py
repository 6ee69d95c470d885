"""The sync tests' world: the team's server on PostgreSQL and two laptop files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kam_tui.core.db.database import open_database


@pytest.fixture
def three(pg_database: str, tmp_path: Path):
    """Return the server's database and two laptops' (a, b), all open; closed after the test."""
    server = open_database(pg_database)
    laptops = [open_database(tmp_path / f"{name}.db", init=True) for name in ("a", "b")]
    yield server, *laptops
    for db in (server, *laptops):
        db.close()

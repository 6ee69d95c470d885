"""Fixtures of the exchange tests: more fresh databases on the test's engine."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pg_server import admin_sql, database_url

_numbers = itertools.count(1)


@pytest.fixture
def new_target(request: pytest.FixtureRequest, engine: str, tmp_path: Path
               ) -> Callable[[str], str | Path]:
    """Return a maker of where another fresh, empty database opens on the test's engine:
    a file in the test's folder, or a database of its own on the test server."""
    if engine != "postgresql":
        return lambda name: tmp_path / f"{name}.db"
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")

    def make(name: str) -> str:
        database = f"kam_{name}_{os.getpid()}_{next(_numbers)}"
        admin_sql(cluster, f"CREATE DATABASE {database} TEMPLATE {template}")
        request.addfinalizer(lambda: admin_sql(cluster,
                                               f"DROP DATABASE {database} WITH (FORCE)"))
        return database_url(cluster, database)

    return make



@pytest.fixture
def db_target(request: pytest.FixtureRequest, engine: str, db_path: Path) -> str | Path:
    """Return where a command opens the test's database itself: the file kam would create,
    or a fresh, migrated database on the test server (its URL, as `--db` gives it)."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_database")
    return db_path

"""Shared fixtures: a fresh database per test (a file, or on PostgreSQL) and a frozen 'today'.

A test (or a module, with `pytestmark`) marked `both_engines` runs once on SQLite and once on
PostgreSQL; KAM_TEST_ENGINE=postgresql runs every other database test on PostgreSQL too.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from kam_tui.areas import register_record_kinds
from kam_tui.areas.customers.service import AccountService
from kam_tui.core.db.database import open_database
from kam_tui.core.service import RecordService
from tests.helpers import TODAY
from tests.pg_server import PgServer, admin_sql, binaries, database_url

ENGINES = ("sqlite", "postgresql")
_numbers = itertools.count(1)
SQLITE_ONLY = "PostgreSQL's typed column refuses the value; only SQLite can store it"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_engines: run the test on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: the test stores what only SQLite can hold")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests marked both_engines once per engine."""
    if "engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """Return the engine this test's database runs on."""
    return getattr(request, "param", os.environ.get("KAM_TEST_ENGINE", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster():
    """Start one PostgreSQL server for the session (or use KAM_TEST_PG); skip when none."""
    given = os.environ.get("KAM_TEST_PG")
    if given:
        yield given
        return
    if binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests, but initdb and pg_ctl are missing")
        pytest.skip("PostgreSQL's server binaries are not installed (apt-get install "
                    "postgresql); the PostgreSQL half of the tests did not run")
    server = PgServer()
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: str, record_kinds) -> str:
    """Return the name of a migrated, empty kam database each test's database is copied from."""
    from kam_tui.core.db.database import open_server

    admin_sql(pg_cluster, "DROP DATABASE IF EXISTS kam_template WITH (FORCE)",
              "CREATE DATABASE kam_template")
    open_server(database_url(pg_cluster, "kam_template"), upgrade_schema=True).close()
    return "kam_template"


@pytest.fixture
def pg_database(request: pytest.FixtureRequest) -> str:
    """Return the URL of a fresh kam database on the test server, dropped after the test."""
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    name = f"kam_test_{os.getpid()}_{next(_numbers)}"
    admin_sql(cluster, f"CREATE DATABASE {name} TEMPLATE {template}")
    request.addfinalizer(lambda: admin_sql(cluster, f"DROP DATABASE {name} WITH (FORCE)"))
    return database_url(cluster, name)


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
    monkeypatch.setenv("KAM_CONFIG_DIR", str(home / "config"))  # never the developer's own
    for name in ("KAM_THEME", "KAM_LANG", "KAM_DB"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return the path of a database file that does not exist yet."""
    return tmp_path / "kam.db"


@pytest.fixture
def db(request: pytest.FixtureRequest, engine: str, db_path: Path):
    """Open a fresh, migrated database bound to the models, on the test's engine."""
    if engine == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip(SQLITE_ONLY)
    target = request.getfixturevalue("pg_database") if engine == "postgresql" else db_path
    database = open_database(target)
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

"""database: a private file, WAL, durable writes, schema versions and refusing newer files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import peewee as pw
import pytest

from kam_tui.areas.customers.service import AccountQuery
from kam_tui.core.db import models as m
from kam_tui.core.db.database import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaTooNewError,
    open_database,
    schema_version,
    upgrade,
)
from kam_tui.core.db.file_rules import DatabaseFileError
from tests.helpers import add_account


def pragma(db: pw.SqliteDatabase, name: str):
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_private(db, db_path: Path) -> None:
    assert db_path.exists()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_wal_and_shm_files_are_private_too(db, db_path: Path) -> None:
    m.Staff.create(name="x")  # make SQLite write the WAL
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        assert side.exists()
        assert stat.S_IMODE(side.stat().st_mode) == 0o600


@pytest.mark.parametrize("empty", [True, False])
def test_existing_world_readable_file_made_private(tmp_path: Path, empty: bool) -> None:
    path = tmp_path / "old.db"
    if empty:
        path.write_bytes(b"")  # an empty file: SQLite treats it as a new database
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE unrelated (x)")
        conn.commit()
        conn.close()
    os.chmod(path, 0o644)
    db = open_database(path, init=True)  # empty, or another program's: only when asked
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert schema_version(db) == SCHEMA_VERSION
    finally:
        db.close()


def test_creates_missing_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "kam.db"
    db = open_database(path)
    try:
        assert path.exists()
    finally:
        db.close()


def test_pragmas(db) -> None:
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "synchronous") == 2  # FULL
    assert pragma(db, "busy_timeout") == 5000
    assert pragma(db, "user_version") == SCHEMA_VERSION
    assert schema_version(db) == SCHEMA_VERSION


def test_pragmas_survive_service_reconnect(db, service) -> None:
    # The service opens and closes the connection around each call; pragmas are per connection.
    service.count(AccountQuery())
    with db.connection_context():
        assert pragma(db, "foreign_keys") == 1
        assert pragma(db, "synchronous") == 2
        assert pragma(db, "journal_mode") == "wal"


def test_foreign_keys_enforced(db) -> None:
    with pytest.raises(pw.IntegrityError):
        m.Contact.create(account=99999, name="nobody")


# Written out, not read from the models: a model dropped from ALL_MODELS, or a table left
# out of a migration, shows here.
TABLES = {
    "staff", "account", "product_in_use", "contact", "opportunity", "stage_change", "deal_role",
    "relation", "activity", "activity_person", "revisit", "revisit_rule", "purchase",
    "competitor_presence", "scorecard_weight", "scorecard_score", "contract_check", "setting",
}
# SQLite's full-text index of the account search and the tables FTS5 keeps it in.
SQLITE_SEARCH_TABLES = {"account_search", "account_search_config", "account_search_data",
                        "account_search_docsize", "account_search_idx"}
# PostgreSQL keeps the schema version in a table (SQLite in its user_version).
POSTGRESQL_TABLES = {"kam_schema"}
# What sync keeps: its state, the change log, field clocks, counter parts, peers, conflicts.
SYNC_TABLES = {"sync_state", "change_log", "field_clock", "counter_part", "sync_peer",
               "sync_pending_link",
               "sync_conflict"}


def test_all_tables_created(db) -> None:
    sqlite = isinstance(db, pw.SqliteDatabase)
    expected = TABLES | SYNC_TABLES | (SQLITE_SEARCH_TABLES if sqlite else POSTGRESQL_TABLES)
    assert set(db.get_tables()) == expected
    assert {model._meta.table_name for model in m.ALL_MODELS} == TABLES


def test_upgrade_is_idempotent(db) -> None:
    assert upgrade(db) == SCHEMA_VERSION
    assert upgrade(db) == SCHEMA_VERSION


def _make_foreign_db(path: Path, version: int, *, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=wal")
    conn.execute("CREATE TABLE future (x TEXT)")
    conn.execute("INSERT INTO future VALUES ('from the future')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True])
def test_newer_schema_refused_and_file_left_unchanged(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "newer.db"
    _make_foreign_db(path, SCHEMA_VERSION + 1, wal=wal)
    os.chmod(path, 0o644)
    before = digest(path)
    with pytest.raises(SchemaTooNewError) as info:
        open_database(path)
    assert str(SCHEMA_VERSION + 1) in str(info.value)
    assert digest(path) == before  # no WAL header rewrite, no tables added
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not even its mode
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert tables == {"future"}
    finally:
        conn.close()


def test_newer_schema_refused_by_upgrade_too(db) -> None:
    db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(SchemaTooNewError):
        upgrade(db)


def test_reopening_keeps_data(db, db_path: Path) -> None:
    staff = m.Staff.create(name="王经理")
    m.Account.create(name="吴伟科技", owner=staff)
    db.close()
    again = open_database(db_path)
    try:
        assert schema_version(again) == SCHEMA_VERSION
        account = m.Account.get(m.Account.name == "吴伟科技")
        assert account.owner.name == "王经理"
        assert m.Account.select().count() == 1
    finally:
        again.close()


def test_older_version_zero_file_gets_upgraded_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "v0.db"
    sqlite3.connect(path).execute("CREATE TABLE unrelated (x)").connection.close()
    with pytest.raises(DatabaseFileError, match="another program"):
        open_database(path)
    db = open_database(path, init=True)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        assert "account" in db.get_tables()
        assert "unrelated" in db.get_tables()
    finally:
        db.close()


def test_models_bound_to_the_opened_database(db) -> None:
    assert m.database_proxy.obj is db


def _make_v1_file(path: Path) -> None:
    """Write a file as kam-tui 1 left it: the first schema with one account, user_version 1."""
    db = pw.SqliteDatabase(str(path))
    previous = m.database_proxy.obj
    m.database_proxy.initialize(db)
    try:
        MIGRATIONS[1](db)
        add_account("Before the upgrade")
        db.execute_sql("PRAGMA user_version = 1")
    finally:
        db.close()
        m.database_proxy.initialize(previous)


def test_a_file_with_data_is_backed_up_before_each_migration_step(tmp_path: Path) -> None:
    from kam_tui.core.db.backup import folder_for, list_backups

    path = tmp_path / "old.db"
    _make_v1_file(path)
    db = open_database(path)
    db.close()
    backups = list_backups(folder_for(path))
    assert [b.reason for b in backups] == ["migration"] * (SCHEMA_VERSION - 1)
    versions = {}
    for made in backups:  # taken within the same second: their order in the folder is not sure
        conn = sqlite3.connect(made.path)
        versions[conn.execute("PRAGMA user_version").fetchone()[0]] = made.path
        conn.close()
    assert sorted(versions) == list(range(1, SCHEMA_VERSION))  # one before each step
    conn = sqlite3.connect(versions[1])
    try:  # the first is the file as it was before the first step
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM account").fetchall() == [("Before the upgrade",)]
    finally:
        conn.close()


def test_a_new_file_is_not_backed_up_by_its_migrations(db, db_path: Path) -> None:
    from kam_tui.core.db.backup import folder_for

    assert not folder_for(db_path).exists()


def test_no_migration_runs_without_its_backup(tmp_path: Path, monkeypatch) -> None:
    from kam_tui.core.db import backup

    path = tmp_path / "old.db"
    _make_v1_file(path)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "auto_backup", disk_full)
    with pytest.raises(DatabaseFileError, match="could not back up.*disk is full"):
        open_database(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()
    assert not any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm"))


def test_upgrade_to_3_makes_contacts_numbers_searchable(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    db = pw.SqliteDatabase(str(path))
    previous = m.database_proxy.obj
    m.database_proxy.initialize(db)
    try:
        MIGRATIONS[1](db)
        MIGRATIONS[2](db)
        account_id = add_account("Atlas Parts")  # as version 2 saved it: names and phone only
        m.Contact.create(account=account_id, name="Mary Lee", mobile="138-0013-8000",
                         wechat="maryL88")
        m.Contact.create(account=account_id, name="Gone", mobile="139", deleted_at=m.utcnow())
        db.execute_sql("PRAGMA user_version = 2")
    finally:
        db.close()
        m.database_proxy.initialize(previous)
    upgraded = open_database(path)
    try:
        text = m.Account.get_by_id(account_id).search_text
        assert "13800138000" in text and "maryl88" in text and "139" not in text
        found = upgraded.execute_sql(  # and through the trigram index the list searches
            "SELECT rowid FROM account_search WHERE search_text LIKE '%13800138000%'").fetchall()
        assert found == [(account_id,)]
    finally:
        upgraded.close()


def test_upgrade_to_4_finds_surnames_and_places_by_their_own_reading(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    db = pw.SqliteDatabase(str(path))
    previous = m.database_proxy.obj
    m.database_proxy.initialize(db)
    try:
        for step in (1, 2, 3):
            MIGRATIONS[step](db)
        account_id = add_account("单县物流有限公司")
        m.Contact.create(account=account_id, name="曾强", mobile="138-0013-8000")
        # As version 3 stored it: the library's readings only.
        m.Account.update(search_text="单县物流有限公司 danxianwuliuyouxiangongsi | 曾强 cengqiang"
                         " | 138-0013-8000 | 13800138000").where(
            m.Account.id == account_id).execute()
        db.execute_sql("PRAGMA user_version = 3")
    finally:
        db.close()
        m.database_proxy.initialize(previous)
    upgraded = open_database(path)
    try:
        text = m.Account.get_by_id(account_id).search_text
        assert "shanxian" in text and "zengqiang" in text and "13800138000" in text
        found = upgraded.execute_sql(
            "SELECT rowid FROM account_search WHERE search_text LIKE '%zengqiang%'").fetchall()
        assert found == [(account_id,)]
    finally:
        upgraded.close()

"""Opening the SQLite file: pragmas, file permissions, schema version and upgrades."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from kam_tui.core.db.models import ALL_MODELS, database_proxy

SCHEMA_VERSION = 2

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a rep's data survives a power cut on a laptop
    "busy_timeout": 5000,
    # 4 MB page cache per connection: each worker thread has its own, and indexes do the rest.
    "cache_size": -4000,
}


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer kam-tui than this one."""


def _create_schema(db: pw.Database) -> None:
    db.create_tables(ALL_MODELS, safe=True)


def _list_indexes(db: pw.Database) -> None:
    # The list's default order (name, case-blind) walks this index instead of sorting 100k rows;
    # the count and the filter choices read the narrow indexes instead of the wide table rows.
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_name_nocase "
                   "ON account (name COLLATE NOCASE, id)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_live_filters "
                   "ON account (deleted_at, abc_class, layer, status, region, owner_id)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_region_live ON account (region, deleted_at)")
    # Cadence rules look their revisits up by key so that nothing is generated twice.
    db.execute_sql("CREATE INDEX IF NOT EXISTS revisit_account_rule_key "
                   "ON revisit (account_id, rule_key)")
    # Search-as-you-type: a trigram index answers LIKE '%term%' for terms of three or more
    # characters without reading every account (pinyin, names, phones are all in search_text).
    db.execute_sql("CREATE VIRTUAL TABLE IF NOT EXISTS account_search USING fts5("
                   "search_text, content='account', content_rowid='id', tokenize='trigram')")
    for statement in SEARCH_TRIGGERS:
        db.execute_sql(statement)
    rebuild_search_index(db)


SEARCH_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS account_search_insert AFTER INSERT ON account BEGIN "
    "INSERT INTO account_search (rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS account_search_delete AFTER DELETE ON account BEGIN "
    "INSERT INTO account_search (account_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS account_search_update AFTER UPDATE OF search_text ON account "
    "BEGIN INSERT INTO account_search (account_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO account_search (rowid, search_text) VALUES (new.id, new.search_text); END",
)


def rebuild_search_index(db: pw.Database) -> None:
    """Refill the account search index from the accounts (after a bulk load without triggers)."""
    db.execute_sql("INSERT INTO account_search (account_search) VALUES ('rebuild')")


# version reached -> step from the version before it. Version 1 is the first schema.
MIGRATIONS: dict[int, Callable[[pw.Database], None]] = {
    1: _create_schema,
    2: _list_indexes,
}


def _touch_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does: it holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    elif path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
        os.chmod(path, 0o600)


def schema_version(db: pw.SqliteDatabase) -> int:
    """Return the schema version stored in the database file."""
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def _too_new(current: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"This database has schema version {current}, but this kam-tui knows only up to "
        f"{SCHEMA_VERSION}. Upgrade kam-tui to open it; the file was left untouched."
    )


def _peek_version(path: Path) -> int | None:
    """Read user_version read-only, before any pragma (journal_mode=wal) rewrites the header."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None  # let the normal open report what is wrong with the file
    finally:
        conn.close()


def upgrade(db: pw.SqliteDatabase) -> int:
    """Bring the schema up to SCHEMA_VERSION, one step per transaction; return the version."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise _too_new(current)
    for target in range(current + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[target](db)
            db.execute_sql(f"PRAGMA user_version = {target}")
    return schema_version(db)


def open_database(path: str | Path) -> pw.SqliteDatabase:
    """Open (creating if needed) the database at path, upgrade it, and bind the models to it."""
    path = Path(path)
    if str(path) != ":memory:":
        # Refuse a newer schema before touching the file: opening with the WAL pragma would
        # rewrite its header, and _touch_private would change its mode.
        peeked = _peek_version(path)
        if peeked is not None and peeked > SCHEMA_VERSION:
            raise _too_new(peeked)
        _touch_private(path)
    db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    database_proxy.initialize(db)
    db.connect(reuse_if_open=True)
    try:
        upgrade(db)
    except Exception:
        db.close()
        raise
    return db

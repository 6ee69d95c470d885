"""Opening the SQLite file: which files, pragmas, file permissions, schema version and upgrades."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from kam_tui.core import config
from kam_tui.core.db import backup, postgres, sync_schema, team
from kam_tui.core.db.dialect import execute_many, is_postgres, sql_md5
from kam_tui.core.db.file_rules import (
    DatabaseFileError,
    check_openable,
    explain,
    read_only_uri,
    side_files,
)
from kam_tui.core.db.models import ALL_MODELS, database_proxy
from kam_tui.core.domain.search import handles_text, search_text
from kam_tui.core.paths import private_dir
from kam_tui.core.platform import make_private
from kam_tui.core.state import PersonalState

SCHEMA_VERSION = 9

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a rep's data survives a power cut on a laptop
    "busy_timeout": 5000,
    # 4 MB page cache per connection: each worker thread has its own, and indexes do the rest.
    "cache_size": -4000,
}


class SchemaTooNewError(DatabaseFileError):
    """The database was written by a newer kam-tui than this one."""


def _create_schema(db: pw.Database) -> None:
    db.create_tables(ALL_MODELS, safe=True)


def _list_indexes(db: pw.Database) -> None:
    if is_postgres(db):
        postgres.list_indexes(db)
        return
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
    if is_postgres(db):
        return  # the trigram index follows every write itself
    db.execute_sql("INSERT INTO account_search (account_search) VALUES ('rebuild')")


def _contact_handles_searched(db: pw.Database) -> None:
    """Add the contacts' phones, mobiles, e-mails and WeChat ids to their account's search text."""
    rows = db.execute_sql(
        "SELECT account_id, phone, mobile, email, wechat FROM contact WHERE deleted_at IS NULL "
        "AND (phone != '' OR mobile != '' OR email != '' OR wechat != '') ORDER BY account_id")
    handles: dict[int, list[str]] = {}
    for account_id, *ways in rows:
        handles.setdefault(account_id, []).extend(way or "" for way in ways)
    updates = [(handles_text(ways), account_id) for account_id, ways in handles.items()]
    execute_many(
        db, "UPDATE account SET search_text = search_text || ' | ' || ? WHERE id = ?",
        [(text, account_id) for text, account_id in updates if text])


def _name_readings_searched(db: pw.Database) -> None:
    """Make every account's search text anew: surnames and places by their own reading too."""
    people: dict[int, tuple[list[str], list[str]]] = {}
    for account_id, name, *ways in db.execute_sql(
            "SELECT account_id, name, phone, mobile, email, wechat FROM contact "
            "WHERE deleted_at IS NULL ORDER BY account_id, id"):
        names, handles = people.setdefault(account_id, ([], []))
        names.append(name or "")
        handles.extend(way or "" for way in ways)
    accounts = db.execute_sql("SELECT id, name, short_name, phone FROM account").fetchall()
    execute_many(
        db, "UPDATE account SET search_text = ? WHERE id = ?",
        [(search_text(name or "", short_name or "", phone or "",
                      *people.get(account_id, ([], []))), account_id)
         for account_id, name, short_name, phone in accounts])


def _staff_logins(db: pw.Database) -> None:
    """Give our people a database login (the team's server knows who a session is by it)."""
    if "login" not in {column.name for column in db.get_columns("staff")}:
        # Files made before version 5: step 1 made the table without the column.
        db.execute_sql("ALTER TABLE staff ADD COLUMN login TEXT NOT NULL DEFAULT ''")
        db.execute_sql("CREATE INDEX IF NOT EXISTS staff_login ON staff (login)")
    if is_postgres(db):
        team.install(db)


# The person's own settings that schemas 1 to 5 kept in the `setting` table, by the keys the
# areas gave them then (a step keeps the names it moved, whatever the areas call them later).
MAP_LAST_ACCOUNT = "relationships.last_account"
MAP_LAST_OPPORTUNITY = "relationships.last_opportunity."  # + the account's id
PIPELINE_PERIOD = "pipeline.period"
IMPORT_MAPPING = "exchange.mapping."  # + the mapping's name
OPEN_ON_TODAY = "calendar.open_on_today"


def _is_personal(key: str) -> bool:
    return (key in (MAP_LAST_ACCOUNT, PIPELINE_PERIOD, OPEN_ON_TODAY)
            or key.startswith((MAP_LAST_OPPORTUNITY, IMPORT_MAPPING)))


def _move_home(db: pw.Database, key: str, value: str) -> bool:
    """Give a personal setting its new home unless that holds one already; say if it moved."""
    try:
        if key == OPEN_ON_TODAY:
            if "open_on_today" not in config.read_file()[0]:
                config.remember("open_on_today", value == "1")
            return True
        # A rep's spreadsheets are theirs whichever database they fill: the global state.
        state = PersonalState() if key.startswith(IMPORT_MAPPING) else PersonalState(db)
        if key not in state.keys(key):
            state.put(key, value)
    except OSError:
        return False  # a read-only state or config folder: the row stays, nothing is lost
    return True


def _personal_settings_leave(db: pw.Database) -> None:
    """Take the person's own settings out of the database, which on a server fifty people share."""
    # A file has one person, so their state folder and config file are the right home; on the
    # server the rows were whoever wrote last's, nobody's in particular. The team's rules stay,
    # and there only managers and the admin may change them (the policy team.install makes).
    rows = db.execute_sql("SELECT key, value FROM setting").fetchall()
    personal = [(str(key), "" if value is None else str(value))
                for key, value in rows if _is_personal(str(key))]
    if is_postgres(db):
        gone = [key for key, _ in personal]
        team.install(db)
    else:
        gone = [key for key, value in personal if _move_home(db, key, value)]
    if gone:
        execute_many(db, "DELETE FROM setting WHERE key = ?", [(key,) for key in gone])


# version reached -> step from the version before it. Version 1 is the first schema.
MIGRATIONS: dict[int, Callable[[pw.Database], None]] = {
    1: _create_schema,
    2: _list_indexes,
    3: _contact_handles_searched,
    4: _name_readings_searched,
    5: _staff_logins,
    6: _personal_settings_leave,
    7: sync_schema.install,
    8: sync_schema.name_peers,
    9: sync_schema.keep_pending_links,
}


def _touch_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does: it holds personal data.

    Only called once check_openable has seen a SQLite header, an empty file or no file, so no
    other file's mode is ever changed.
    """
    path = Path(os.path.realpath(path))  # --init through a symlink creates its target
    private_dir(path.parent)  # new folders on the way are the user's alone, like the file
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    else:
        make_private(path)  # on Windows, where modes mean little, the profile's ACL does this


def schema_version(db: pw.Database) -> int:
    """Return the schema version stored in the database (file or server)."""
    if is_postgres(db):
        return postgres.schema_version(db)
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def _too_new(current: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"This database has schema version {current}, but this kam-tui knows only up to "
        f"{SCHEMA_VERSION}. Upgrade kam-tui to open it; the file was left untouched."
    )


def _peek(path: Path) -> tuple[int, int]:
    """Read user_version and the number of tables without writing or creating anything."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseFileError(explain(error, path)) from error
    return version, int(tables)


def _refuse_early(path: Path, init: bool) -> None:
    """Refuse what kam must not open, before SQLite writes the WAL header or chmod runs."""
    if check_openable(path, init=init):
        return  # a new or empty file: it will become a kam database
    version, tables = _peek(path)
    if version > SCHEMA_VERSION:
        raise _too_new(version)
    if version == 0 and tables and not init:
        raise DatabaseFileError(f"{path} is a SQLite database of another program, not a kam "
                                "database; it was left untouched (use --init to add kam's tables)")


def upgrade(db: pw.Database, *, backups: bool = True) -> int:
    """Bring the schema up to SCHEMA_VERSION, one step per transaction; return the version.

    A file that already holds kam data is backed up before each step (not a brand-new one); on
    a server each step holds the schema lock, so two `kam server init` never run one step twice.
    """
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise _too_new(current)
    server = is_postgres(db)
    for target in range(current + 1, SCHEMA_VERSION + 1):
        if backups and not server and current >= 1 and db.database != ":memory:":
            _backup_before_migration(Path(db.database), target)
        with db.atomic():
            if server:
                postgres.lock_schema(db)
                if schema_version(db) >= target:
                    continue  # another init made this step while we waited
            MIGRATIONS[target](db)
            if server:
                postgres.set_schema_version(db, target)
            else:
                db.execute_sql(f"PRAGMA user_version = {target}")
    return schema_version(db)


def _backup_before_migration(path: Path, target: int) -> None:
    try:
        backup.auto_backup(path, "migration")
    except (OSError, sqlite3.Error) as error:
        # No step runs without its backup: a failed migration must be undoable.
        raise DatabaseFileError(f"could not back up {path} before upgrading it to schema "
                                f"version {target} ({explain(error, path)}); the file was "
                                "left as it was") from error


def open_database(path: str | Path, *, init: bool = False,
                  backups: bool = True) -> pw.Database:
    """Open (creating if needed) the database at path, upgrade it, and bind the models to it.

    Raises DatabaseFileError, with a message for the user, for a file kam refuses or cannot
    open; `init` lets an empty file or a dangling symlink become a new database, `backups`
    (off for the demo) backs the file up before a migration. A `postgresql://` URL opens the
    team's server, whose schema only `kam server init` (init_server) makes or upgrades.
    """
    if postgres.is_server_url(path):
        return open_server(str(path))
    path = Path(path)
    if str(path) == ":memory:":
        return _connect(path, backups)
    _refuse_early(path, init)
    real = Path(os.path.realpath(path))  # SQLite keeps the -wal and -shm beside the real file
    before = {side for side in side_files(real) if side.exists()}
    try:
        _touch_private(path)
        return _connect(path, backups)
    except BaseException as error:
        _remove_new_side_files(real, before)
        if isinstance(error, (OSError, sqlite3.Error, pw.PeeweeException)) and not isinstance(
                error, DatabaseFileError):
            raise DatabaseFileError(explain(error, path)) from error
        raise


def _remove_new_side_files(path: Path, before: set[Path]) -> None:
    """Remove the -wal and -shm a failed open created, unless the -wal holds pages.

    SQLite removes them on a clean close, but not when the disk is full or the folder turned
    read-only halfway; a -wal with pages may be all that makes the file whole, so it stays.
    """
    wal, shm = side_files(path)[:2]
    if wal not in before and wal.exists() and wal.stat().st_size == 0:
        wal.unlink()
    if shm not in before and not wal.exists():
        shm.unlink(missing_ok=True)


def _connect(path: Path, backups: bool) -> pw.SqliteDatabase:
    db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    db.register_function(sql_md5, "md5", 1)  # PostgreSQL's md5(), for ids named by what they are
    database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        upgrade(db, backups=backups)
    except BaseException:
        db.close()
        raise
    return db


def open_server(url: str, *, upgrade_schema: bool = False) -> pw.Database:
    """Open the team's PostgreSQL database and bind the models to it.

    A rep's kam never changes the server's schema: an older or newer one is refused with what
    to do, and `kam server init` (upgrade_schema) brings it up to date.
    """
    db = postgres.connect(url)
    database_proxy.initialize(db)
    try:
        if upgrade_schema:
            upgrade(db)
        current = schema_version(db)
        if current > SCHEMA_VERSION:
            raise _too_new(current)
        if current < SCHEMA_VERSION:
            raise DatabaseFileError(
                f"{postgres.where(url)} has kam schema version {current}, this kam-tui needs "
                f"{SCHEMA_VERSION}: ask whoever runs the server to run `kam server init`")
    except BaseException:
        db.close()
        raise
    return db

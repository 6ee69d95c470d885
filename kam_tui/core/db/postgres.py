"""The team's database on a PostgreSQL server: connecting, its schema version, its indexes."""

from __future__ import annotations

from urllib.parse import urlsplit

import peewee as pw

from kam_tui.core.db.dialect import KamPostgres
from kam_tui.core.db.file_rules import DatabaseFileError

URL_SCHEMES = ("postgresql://", "postgres://")
# Any fixed number: the one lock `kam server init` holds while it changes the schema.
SCHEMA_LOCK = 0x6B616D  # "kam"
VERSION_TABLE = "kam_schema"


def is_server_url(target: object) -> bool:
    """Return whether target names a PostgreSQL database rather than a file."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def where(url: str) -> str:
    """Return the URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return parts.geturl()


def for_anyone(url: str) -> str:
    """Return the URL without its user and password: what each of our people passes to --db."""
    scheme, _, rest = url.partition("://")
    netloc, slash, tail = rest.partition("/")
    return f"{scheme}://{netloc.rpartition('@')[2]}{slash}{tail}"


def connect(url: str) -> KamPostgres:
    """Return a connected database for url; DatabaseFileError says why it cannot connect."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    db = KamPostgres(url)
    try:
        db.connect()
    except pw.OperationalError as error:
        raise DatabaseFileError(f"could not connect to {where(url)}: {first_line(error)}") \
            from error
    return db


def first_line(error: BaseException) -> str:
    """Return the first line of a driver's message (the rest is hints and context)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def schema_version(db: pw.Database) -> int:
    """Return the schema version the server's version table holds (0 when it has none)."""
    exists = db.execute_sql("SELECT to_regclass(?) IS NOT NULL", (VERSION_TABLE,)).fetchone()[0]
    if not exists:
        return 0
    row = db.execute_sql(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
    return int(row[0] or 0)


def set_schema_version(db: pw.Database, version: int) -> None:
    """Record version as the schema's (inside the step's transaction)."""
    db.execute_sql(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version integer NOT NULL)")
    db.execute_sql(f"DELETE FROM {VERSION_TABLE}")
    db.execute_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES (?)", (version,))


def lock_schema(db: pw.Database) -> None:
    """Wait for any other `kam server init` to finish (the lock ends with the transaction)."""
    db.execute_sql("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))


def list_indexes(db: pw.Database) -> None:
    """Create the list's and search's indexes: lower(name) for the order, trigrams for search."""
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_name_lower ON account (lower(name), id)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_live_filters "
                   "ON account (deleted_at, abc_class, layer, status, region, owner_id)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_region_live ON account (region, deleted_at)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS revisit_account_rule_key "
                   "ON revisit (account_id, rule_key)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS account_search_trgm "
                   "ON account USING gin (search_text gin_trgm_ops)")


def chinese_search_problem(db: pw.Database) -> str:
    """Return why trigram search cannot find Chinese names here, or "" when it can."""
    ctype = db.execute_sql(
        "SELECT datctype FROM pg_database WHERE datname = current_database()").fetchone()[0]
    trigrams = db.execute_sql("SELECT show_trgm('吴伟科技')").fetchone()[0]
    if trigrams:
        return ""
    return (f"the database's character type is {ctype!r}, so search cannot find Chinese "
            "names; create the database with a UTF-8 ctype (for example "
            "CREATE DATABASE kam LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0)")

"""What the PostgreSQL benchmarks share: a throw-away server, a kam database, a file copied in.

Not a command of its own; `pg_scale.py` and `pg_load.py` import it:

* `start_server()` starts `tests/pg_server.PgServer` (initdb in a temporary folder, a Unix
  socket only, fsync off) and returns it with its superuser URL;
* `create_kam_database(superuser_url, name)` makes a UTF-8 database (C.UTF-8, so trigram search
  finds Chinese names) and kam's schema in it the way `kam server init` does;
* `copy_sqlite(path, url)` copies every table of `ALL_MODELS` from a kam SQLite file with
  psycopg 3's COPY, parents before children, moves the id sequences past the copied ids and
  ANALYZEs, and says how long each table took.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import peewee as pw
import psycopg

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # kam_tui and tests.pg_server, run from anywhere

from kam_tui.areas import register_record_kinds, server_tables
from kam_tui.core.db import team
from kam_tui.core.db.database import open_server
from kam_tui.core.db.models import ALL_MODELS
from tests.pg_server import PgServer, admin_sql, database_url

TODAY = date(2026, 11, 23)  # the synthetic data's anchor, as in the other benchmarks
BATCH = 5_000  # SQLite rows read at a time: memory stays flat at 500k activities


def start_server() -> tuple[PgServer, str]:
    """Start a throw-away PostgreSQL server; return it and its superuser URL."""
    server = PgServer()
    return server, server.start()


def create_kam_database(superuser_url: str, name: str) -> tuple[str, float]:
    """Create database name afresh with kam's schema, roles and policies; return URL, seconds."""
    started = time.perf_counter()
    admin_sql(superuser_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
              f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
              "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")
    url = database_url(superuser_url, name)
    register_record_kinds()
    db = open_server(url, upgrade_schema=True)
    try:
        # What `kam server init` adds after the schema: the areas' side tables and the grants.
        with db.atomic():
            server_tables()
            team.grant(db)
    finally:
        db.close()
    return url, time.perf_counter() - started


@dataclass
class CopyReport:
    """How many rows each table got, how long each took, and the whole copy's phases."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    deferred_seconds: float = 0.0  # the self-references set after the rows are in
    sequences_seconds: float = 0.0
    analyze_seconds: float = 0.0
    total_seconds: float = 0.0

    def table(self) -> list[str]:
        """Return the report as markdown lines, tables with rows only."""
        lines = ["| table | rows | seconds | rows/s |", "|:---|---:|---:|---:|"]
        for name, rows in self.rows.items():
            if rows:
                seconds = self.seconds[name]
                lines.append(f"| {name} | {rows:,} | {seconds:.2f} | "
                             f"{rows / seconds if seconds else 0:,.0f} |")
        lines.append(f"| self-references (contact.reports_to) | | "
                     f"{self.deferred_seconds:.2f} | |")
        lines.append(f"| id sequences | | {self.sequences_seconds:.2f} | |")
        lines.append(f"| ANALYZE | | {self.analyze_seconds:.2f} | |")
        lines.append(f"| **total** | **{sum(self.rows.values()):,}** | "
                     f"**{self.total_seconds:.2f}** | |")
        return lines


def quoted(name: str) -> str:
    """Return an SQL identifier quoted (both engines read double quotes)."""
    return '"' + name.replace('"', '""') + '"'


def _pg_columns(cursor: psycopg.Cursor, table: str) -> dict[str, str]:
    """Return the table's columns on PostgreSQL and their types, in table order."""
    cursor.execute("SELECT column_name, data_type FROM information_schema.columns "
                   "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                   (table,))
    return dict(cursor.fetchall())


def _sqlite_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """Return the table's columns in the SQLite file."""
    return [row[1] for row in conn.execute(f"PRAGMA table_info({quoted(table)})")]


def _converter(pg_type: str) -> Callable[[Any], Any]:
    """Return how a value SQLite stored is written for a PostgreSQL column of pg_type.

    COPY's text format lets the server parse ISO dates and timestamps itself, so only what
    SQLite keeps in another form needs turning: booleans are stored as 0 and 1.
    """
    if pg_type == "boolean":
        return lambda value: None if value is None else bool(int(value))
    if pg_type in ("bigint", "integer", "smallint"):
        # A whole number SQLite kept as REAL (3.0) would be refused by a bigint column.
        return lambda value: int(value) if isinstance(value, float) and value.is_integer() \
            else value
    return lambda value: value


def _self_references(model: type[pw.Model]) -> list[str]:
    """Return the columns of model that point at model itself (contact.reports_to_id)."""
    return [f.column_name for f in model._meta.sorted_fields
            if isinstance(f, pw.ForeignKeyField) and f.rel_model is model]


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of sql in batches, so a big table is never held in memory at once."""
    cursor = conn.execute(sql)
    while batch := cursor.fetchmany(BATCH):
        yield from batch


def _copy_table(conn: sqlite3.Connection, cursor: psycopg.Cursor, table: str,
                deferred: list[str]) -> tuple[int, list[tuple[Any, ...]]]:
    """COPY one table with its deferred columns as NULL; return rows and (id, deferred...)."""
    pg_types = _pg_columns(cursor, table)
    present = set(_sqlite_columns(conn, table))
    columns = [name for name in pg_types if name in present]
    converters = [_converter(pg_types[name]) for name in columns]
    later = [columns.index(name) for name in deferred if name in columns]
    id_at = columns.index("id") if later else -1
    held: list[tuple[Any, ...]] = []
    count = 0
    select = ", ".join(quoted(name) for name in columns)
    target = f"COPY {quoted(table)} ({select}) FROM STDIN"
    with cursor.copy(target) as copy:
        for row in _rows(conn, f"SELECT {select} FROM {quoted(table)}"):
            values = [convert(value) for convert, value in zip(converters, row)]
            if later and any(values[i] is not None for i in later):
                held.append((values[id_at], *(values[i] for i in later)))
                for i in later:
                    values[i] = None
            copy.write_row(values)
            count += 1
    return count, held


def _set_deferred(cursor: psycopg.Cursor, table: str, deferred: list[str],
                  held: list[tuple[Any, ...]]) -> None:
    """Set the self-references held back, through a temporary table filled by COPY."""
    if not held:
        return
    columns = ", ".join(quoted(name) for name in deferred)
    cursor.execute(f"CREATE TEMPORARY TABLE kam_deferred (id bigint, "
                   f"{', '.join(quoted(n) + ' bigint' for n in deferred)}) ON COMMIT DROP")
    with cursor.copy(f"COPY kam_deferred (id, {columns}) FROM STDIN") as copy:
        for row in held:
            copy.write_row(row)
    assignments = ", ".join(f"{quoted(n)} = d.{quoted(n)}" for n in deferred)
    cursor.execute(f"UPDATE {quoted(table)} t SET {assignments} FROM kam_deferred d "
                   "WHERE t.id = d.id")
    cursor.execute("DROP TABLE kam_deferred")


def _move_sequences(cursor: psycopg.Cursor, tables: list[str]) -> None:
    """Move each id sequence past the copied ids, so the next record made gets a new one."""
    for table in tables:
        if "id" not in _pg_columns(cursor, table):
            continue  # setting: its key is its primary key
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (quoted(table),))
        sequence = cursor.fetchone()[0]
        if sequence is None:
            continue
        # is_called false on an empty table: its first record still gets id 1.
        cursor.execute(f"SELECT setval(%s, COALESCE(max(id), 1), max(id) IS NOT NULL) "
                       f"FROM {quoted(table)}", (sequence,))


def copy_sqlite(sqlite_path: str | Path, pg_url: str) -> CopyReport:
    """Copy every kam table of the SQLite file into the (empty) kam database at pg_url."""
    report = CopyReport()
    started = time.perf_counter()
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    tables = [model._meta.table_name for model in ALL_MODELS]
    try:
        with psycopg.connect(pg_url) as connection, connection.cursor() as cursor:
            # One transaction: a failed copy leaves no half-filled database behind.
            for model, table in zip(ALL_MODELS, tables):
                deferred = _self_references(model)
                table_started = time.perf_counter()
                count, held = _copy_table(source, cursor, table, deferred)
                report.rows[table] = count
                report.seconds[table] = time.perf_counter() - table_started
                deferred_started = time.perf_counter()
                _set_deferred(cursor, table, deferred, held)
                report.deferred_seconds += time.perf_counter() - deferred_started
            sequences_started = time.perf_counter()
            _move_sequences(cursor, tables)
            report.sequences_seconds = time.perf_counter() - sequences_started
        analyze_started = time.perf_counter()
        admin_sql(pg_url, "ANALYZE")  # the planner must know 100k accounts are there
        report.analyze_seconds = time.perf_counter() - analyze_started
    finally:
        source.close()
    report.total_seconds = time.perf_counter() - started
    return report


def table_counts(pg_url: str) -> dict[str, int]:
    """Return the row count of every kam table on PostgreSQL (to compare with the file's)."""
    with psycopg.connect(pg_url) as connection:
        return {model._meta.table_name: connection.execute(
            f"SELECT count(*) FROM {quoted(model._meta.table_name)}").fetchone()[0]
            for model in ALL_MODELS}


def sqlite_counts(path: str | Path) -> dict[str, int]:
    """Return the row count of every kam table in the SQLite file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {model._meta.table_name: conn.execute(
            f"SELECT count(*) FROM {quoted(model._meta.table_name)}").fetchone()[0]
            for model in ALL_MODELS}
    finally:
        conn.close()

"""The check behind `kam check` and `kam restore`: is this file a sound kam database?"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from kam_tui.core.db.database import SCHEMA_VERSION
from kam_tui.core.db.file_rules import has_sqlite_header
from kam_tui.core.domain.text import one_line

MAX_LINES = 50  # per check: a badly damaged file can yield thousands of identical lines


@dataclass(frozen=True)
class Section:
    """One check and what it found."""

    title: str
    problems: tuple[str, ...] = ()
    skipped: str = ""  # why the check could not run; not a problem in itself


@dataclass(frozen=True)
class Report:
    """What the check found in one file."""

    path: Path
    version: int | None = None
    sections: tuple[Section, ...] = ()
    refused: str = ""  # the file is not a kam database this kam-tui can check
    cause: str = ""  # why it was refused: "damaged", "too new", "not kam"

    @property
    def ok(self) -> bool:
        """Return whether nothing is wrong."""
        return not self.refused and not any(s.problems for s in self.sections)

    def summary(self) -> str:
        """Return one line naming what is wrong."""
        if self.refused:
            return self.refused
        wrong = [f"{s.title}: {s.problems[0]}" for s in self.sections if s.problems]
        return "; ".join(wrong) or "no problems found"


def _capped(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    return (*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more")


def _integrity(conn: sqlite3.Connection) -> Section:
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({MAX_LINES + 1})")]
    except sqlite3.DatabaseError as error:
        rows = [f"the file is damaged: {error}"]
    return Section("integrity", _capped([r for r in rows if r != "ok"]))


def _search_index(conn: sqlite3.Connection) -> Section:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'account_search'").fetchone():
        return Section("search index", ("the account search index is missing",))
    try:
        # rank 1 also compares the index with the accounts it is built from.
        conn.execute("BEGIN")
        conn.execute("INSERT INTO account_search (account_search, rank) "
                     "VALUES ('integrity-check', 1)")
    except sqlite3.OperationalError as error:
        if "readonly" in str(error):
            return Section("search index", skipped="the file is read-only")
        return Section("search index", (f"the account search index is damaged: {error}",))
    except sqlite3.DatabaseError as error:
        found = f"the account search index does not match the accounts ({error})"
        return Section("search index", (found,))
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # the check writes nothing, and nothing may stay
    return Section("search index")


def _foreign_keys(conn: sqlite3.Connection) -> Section:
    try:
        lines = [_dangling(conn, *row) for row in conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as error:
        return Section("foreign keys", (f"cannot be checked: {error}",))
    return Section("foreign keys", _capped(lines))


def _dangling(conn: sqlite3.Connection, table: str, rowid: int, parent: str, fkid: int) -> str:
    column = next((r[3] for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')
                   if r[0] == fkid), None)
    value = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?',
                         (rowid,)).fetchone() if column else None
    shown = one_line(value[0], 40) if value else "?"
    return f"{table} #{rowid}: {column or '?'} = {shown} names a {parent} that does not exist"


def _stored_values(path: Path) -> Section:
    try:
        from kam_tui.core.db.invalid import scan_invalid  # another part of the same issue
    except ImportError:
        return Section("stored values", skipped="this kam-tui cannot check stored values yet")
    from kam_tui.core.db.models import database_proxy

    db = pw.SqliteDatabase(str(path), pragmas={"foreign_keys": 0})
    previous = database_proxy.obj  # the scan reads through the models: bind them, then give back
    database_proxy.initialize(db)
    by_record: dict[tuple[str, int], list[str]] = defaultdict(list)
    try:
        with db.connection_context():
            for found in scan_invalid(db):
                by_record[(found.table, found.row_id)].append(
                    f"{found.field} {one_line(repr(found.raw), 60)}")
    except Exception as error:  # a scan that fails must not hide what the other checks found
        return Section("stored values", skipped=f"the scan failed: {one_line(error, 200)}")
    finally:
        database_proxy.initialize(previous)
    lines = [f"{table} #{row_id}: invalid {', '.join(fields)}"
             for (table, row_id), fields in sorted(by_record.items(), key=_record_order)]
    return Section("stored values", _capped(lines))


def _record_order(item: tuple[tuple[str, object], list[str]]) -> tuple[str, int, str]:
    (table, row_id), _ = item
    return table, row_id if isinstance(row_id, int) else 0, str(row_id)


def _refusal(conn: sqlite3.Connection) -> tuple[int | None, str, str]:
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        return None, f"the file is damaged: {error}", "damaged"
    if version > SCHEMA_VERSION:
        return version, (f"its schema version {version} is newer than this kam-tui knows "
                         f"({SCHEMA_VERSION}); upgrade kam-tui"), "too new"
    if version < 1 or "account" not in tables:
        return version, "it is a SQLite file but not a kam database", "not kam"
    return version, "", ""


def check_file(path: Path) -> Report:
    """Run every check on the file at path; the file's data is never changed."""
    if not path.is_file():
        return Report(path, refused="there is no file there", cause="not kam")
    if path.stat().st_size == 0 or not has_sqlite_header(path):
        return Report(path, refused="it is not a SQLite file", cause="not kam")
    # Read-write only so that the search index check can run; it is rolled back.
    with closing(sqlite3.connect(path, isolation_level=None, timeout=5)) as conn:
        version, refused, cause = _refusal(conn)
        if refused:
            return Report(path, version, refused=refused, cause=cause)
        sections = [_integrity(conn), _search_index(conn), _foreign_keys(conn)]
    sections.append(_stored_values(path))
    return Report(path, version, tuple(sections))

"""Reading the fields where two edits met, and taking the value that lost, in one write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import peewee as pw

from kam_tui.core.db import capture
from kam_tui.core.db import models as m
from kam_tui.core.db.records import KINDS, transaction
from kam_tui.core.db.search_index import SEARCHED, accounts_fed_by, refresh_search_texts
from kam_tui.core.db.sync_tables import BY_NAME, SyncedTable
from kam_tui.core.domain.fields import FieldSpec
from kam_tui.core.domain.hlc import Hlc

NAME_COLUMNS = ("name", "title", "summary")  # what names a row, in the order looked for


@dataclass(frozen=True)
class Edit:
    """One of the two edits that met: its value as shown, who made it and when."""

    value: Any
    who: str  # "me", "server", or the label the server gave that laptop
    when: datetime | None  # UTC


@dataclass(frozen=True)
class ConflictRow:
    """A field where two edits met: the record, the field, the value kept and the other."""

    id: int
    table: str
    kind: str  # the record kind's name ('' for a table no form edits)
    record_id: int | None  # its id here (None when this side does not have it)
    record: str  # the record's name
    field: str
    spec: FieldSpec | None
    kept: Edit
    other: Edit
    settled: bool  # the rep has chosen (took the other, or kept it)


class ConflictGone(LookupError):
    """The conflict or its record is no longer there."""


def open_count(db: pw.Database) -> int:
    """Return how many conflicts wait to be looked at."""
    return db.execute_sql(
        "SELECT count(*) FROM sync_conflict WHERE settled_at IS NULL").fetchone()[0]


def count(db: pw.Database) -> int:
    """Return how many conflicts there are."""
    return db.execute_sql("SELECT count(*) FROM sync_conflict").fetchone()[0]


def page(db: pw.Database, offset: int, limit: int) -> list[ConflictRow]:
    """Return conflicts, those waiting first, newest first."""
    found = db.execute_sql(
        "SELECT id, tbl, row_uuid, field, kept_value, kept_hlc, lost_value, lost_hlc, "
        "settled_at FROM sync_conflict ORDER BY settled_at IS NOT NULL, id DESC "
        f"LIMIT {int(limit)} OFFSET {int(offset)}").fetchall()
    people = _people(db)
    return [_row(db, people, *item) for item in found]


def _people(db: pw.Database) -> dict[str, str]:
    replica, _ = capture.state(db)
    labels = dict(db.execute_sql("SELECT peer, label FROM sync_peer").fetchall())
    servers = {peer for (peer,) in db.execute_sql(
        "SELECT peer FROM sync_peer WHERE server = 'yes'").fetchall()}
    named = {peer: str(label) for peer, label in labels.items() if label}
    named.update({peer: "server" for peer in servers})
    named[replica] = "me"
    return named


def _row(db: pw.Database, people: dict[str, str], key: int, table: str, row_uuid: str,
         field: str, kept: Any, kept_clock: str, lost: Any, lost_clock: str,
         settled: Any) -> ConflictRow:
    described = BY_NAME.get(table)
    kind = _kind_of(table)
    spec = next((each for each in kind.specs if each.name in (field, field.removesuffix("_id"))),
                None) if kind else None
    column = described.column(field) if described else None
    def shown(value: Any) -> Any:
        return _name_of(db, BY_NAME[column.link], value) if column and column.link else value
    return ConflictRow(int(key), table, kind.name if kind else "",
                       _local_id(db, described, row_uuid) if described else None, _name_of(db, described, row_uuid) if described else row_uuid, field,
                       spec, Edit(shown(kept), *_who(people, kept_clock)),
                       Edit(shown(lost), *_who(people, lost_clock)), settled is not None)


def _kind_of(table: str) -> Any:
    return next((kind for kind in KINDS.values() if kind.model._meta.table_name == table), None)


def _who(people: dict[str, str], clock: str | None) -> tuple[str, datetime | None]:
    try:
        parsed = Hlc.parse(clock or "")
    except ValueError:
        return "?", None
    when = datetime.fromtimestamp(parsed.wall / 1000, tz=timezone.utc) if parsed.wall else None
    return people.get(parsed.replica, parsed.replica), when


def _local_id(db: pw.Database, table: SyncedTable, key: str) -> int | None:
    if table.key != "uuid":
        return None
    found = db.execute_sql(f'SELECT id FROM "{table.name}" WHERE uuid = ?', (key,)).fetchone()
    return int(found[0]) if found else None


def _name_of(db: pw.Database, table: SyncedTable, key: Any) -> str:
    """Return what names the row (its name or title, else its account's name), else its key."""
    if key is None:
        return ""
    fields = table.model._meta.fields
    column = next((name for name in NAME_COLUMNS if name in fields), None)
    if column is None and "account" in fields:
        found = db.execute_sql(
            f'SELECT a.name FROM "{table.name}" t JOIN account a ON a.id = t.account_id '
            f'WHERE t."{table.key}" = ?', (key,)).fetchone()
    elif column is not None:
        found = db.execute_sql(f'SELECT "{column}" FROM "{table.name}" WHERE "{table.key}" = ?',
                               (key,)).fetchone()
    else:
        found = None
    return str(found[0]) if found and found[0] is not None else str(key)


def take_other(db: pw.Database, conflict_id: int) -> ConflictRow:
    """Write the value that lost over the one kept, as a new edit that syncs like any other;
    the two swap places, so taking the other again gives the first back."""
    with transaction():
        found = db.execute_sql(
            "SELECT tbl, row_uuid, field, kept_value, kept_hlc, lost_value, lost_hlc "
            "FROM sync_conflict WHERE id = ?", (conflict_id,)).fetchone()
        if found is None or found[0] not in BY_NAME:
            raise ConflictGone(conflict_id)
        table_name, row_uuid, field, kept, kept_clock, lost, lost_clock = found
        table = BY_NAME[table_name]
        column = table.column(field)
        if column is None:
            raise ConflictGone(conflict_id)
        value = column.to_store(lost)
        if column.link and value is not None:
            linked = db.execute_sql(f'SELECT id FROM "{column.link}" WHERE uuid = ?',
                                    (value,)).fetchone()
            if linked is None:
                raise ConflictGone(conflict_id)  # the row it pointed at is gone
            value = linked[0]
        # A new version: a form open on the record sees it changed, as after any save.
        versioned = "version" in table.model._meta.fields
        bump = ", version = version + 1, updated_at = ?" if versioned else ""
        params = (value, m.utcnow(), row_uuid) if versioned else (value, row_uuid)
        changed = db.execute_sql(f'UPDATE "{table.name}" SET "{field}" = ?{bump} '
                                 f'WHERE "{table.key}" = ?', params).rowcount
        if not changed:
            raise ConflictGone(conflict_id)
        mark, param = capture.value_mark(db), capture.value_param
        db.execute_sql(
            f"UPDATE sync_conflict SET kept_value = {mark}, kept_hlc = ?, lost_value = {mark}, "
            "lost_hlc = ?, settled_at = ? WHERE id = ?",
            (param(db, lost), lost_clock, param(db, kept), kept_clock,
             m.utcnow().isoformat(sep=" ", timespec="seconds"), conflict_id))
        if field in SEARCHED.get(table.name, ()):
            refresh_search_texts(accounts_fed_by(table.name, [row_uuid]))
    people = _people(db)
    return _row(db, people, conflict_id, table_name, row_uuid, field, lost, lost_clock, kept,
                kept_clock, "settled")


def keep(db: pw.Database, conflict_id: int) -> None:
    """Mark a conflict looked at, the kept value staying."""
    with transaction():
        db.execute_sql("UPDATE sync_conflict SET settled_at = ? WHERE id = ? AND settled_at "
                       "IS NULL", (m.utcnow().isoformat(sep=" ", timespec="seconds"),
                                   conflict_id))

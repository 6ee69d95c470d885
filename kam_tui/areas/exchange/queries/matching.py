"""Finding the records a sheet's rows already are: by normalised name, phone digits, in batches.

Accounts are many (100,000 and more) and their normalised names are not a column SQLite can
compute, so the keys live in a side table, `exchange_account_key`, brought up to date at the
start of each import by one SQL pass that yields only the accounts whose name or phone changed
since (a join; nothing is loaded whole). Lookups then go through its indexes, a chunk of rows
at a time. Contacts, deals and purchases are looked up per chunk by their accounts' ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import distinct_from, execute_many, is_postgres
from kam_tui.core.domain.names import company_key, person_key, phone_key

CHUNK = 500  # bound parameters per IN (...), well under SQLite's limit

KEY_TABLE = (
    ("CREATE TABLE IF NOT EXISTS exchange_account_key ("
    " account_id INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,"
    " name TEXT NOT NULL, phone TEXT NOT NULL, name_key TEXT NOT NULL, phone_key TEXT NOT NULL)"),
    "CREATE INDEX IF NOT EXISTS exchange_account_key_name ON exchange_account_key (name_key)",
    "CREATE INDEX IF NOT EXISTS exchange_account_key_phone ON exchange_account_key (phone_key)",
)
# PostgreSQL's INTEGER is 32 bits and the account ids it points to are BIGINT.
PG_KEY_TABLE = (KEY_TABLE[0].replace("account_id INTEGER PRIMARY KEY",
                                     "account_id BIGINT PRIMARY KEY"), *KEY_TABLE[1:])
# Valid on both engines (SQLite 3.24 and later): a key row is replaced by the fresh one.
_PUT_KEY = ("INSERT INTO exchange_account_key (account_id, name, phone, name_key, phone_key)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET name = excluded.name,"
            " phone = excluded.phone, name_key = excluded.name_key,"
            " phone_key = excluded.phone_key")


def _db() -> pw.Database:
    return m.database_proxy.obj


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Yield lists of at most size values."""
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


def ensure_key_table() -> None:
    """Create the side table of account keys (idempotent)."""
    if is_postgres(_db()) and _db().execute_sql(
            "SELECT to_regclass('exchange_account_key') IS NOT NULL").fetchone()[0]:
        return  # `kam server init` made it; a rep's session may not even try
    for statement in PG_KEY_TABLE if is_postgres(_db()) else KEY_TABLE:
        _db().execute_sql(statement)


def sync_account_keys() -> int:
    """Bring the account keys up to date with the accounts' names and phones; return how many
    were (re)computed. Only new or changed accounts are read, a page at a time in id order (no
    statement reads the table while another writes it); removed accounts cascade away."""
    ensure_key_table()
    count, after = 0, 0
    while True:
        rows = _db().execute_sql(
            "SELECT a.id, a.name, a.phone FROM account AS a"
            " LEFT JOIN exchange_account_key AS k ON k.account_id = a.id"
            f" WHERE a.id > ? AND (k.account_id IS NULL OR {distinct_from('k.name', 'a.name')}"
            f" OR {distinct_from('k.phone', 'a.phone')}) ORDER BY a.id LIMIT ?",
            (after, CHUNK)).fetchall()
        if not rows:
            return count
        data = [(row_id, name or "", phone or "", company_key(name or ""),
                 phone_key(phone or "")) for row_id, name, phone in rows]
        execute_many(_db(), _PUT_KEY, data)
        count += len(data)
        after = rows[-1][0]


def refresh_account_keys(account_ids: Sequence[int]) -> None:
    """Record the keys of accounts the import has just written, read back as stored."""
    for batch in chunks(account_ids):
        marks = ", ".join("?" for _ in batch)
        rows = _db().execute_sql(f"SELECT id, name, phone FROM account WHERE id IN ({marks})",
                                 batch).fetchall()
        execute_many(
            _db(), _PUT_KEY,
            [(row_id, name, phone, company_key(name), phone_key(phone))
             for row_id, name, phone in rows])


@dataclass(frozen=True)
class Found:
    """A stored record a row may be: its id, whether it is soft-deleted, its name."""

    id: int
    deleted: bool
    name: str


def _accounts_by(column: str, keys: Sequence[str]) -> dict[str, list[Found]]:
    found: dict[str, list[Found]] = {}
    wanted = sorted({key for key in keys if key})
    for batch in chunks(wanted):
        marks = ", ".join("?" for _ in batch)
        cursor = _db().execute_sql(
            f"SELECT k.{column}, a.id, a.deleted_at IS NOT NULL, a.name"
            " FROM exchange_account_key AS k JOIN account AS a ON a.id = k.account_id"
            f" WHERE k.{column} IN ({marks}) ORDER BY a.id", batch)
        for key, row_id, deleted, name in cursor:
            found.setdefault(key, []).append(Found(row_id, bool(deleted), name))
    return found


def accounts_by_name(keys: Sequence[str]) -> dict[str, list[Found]]:
    """Return name key -> the accounts (live and deleted) with that normalised name."""
    return _accounts_by("name_key", keys)


def accounts_by_phone(keys: Sequence[str]) -> dict[str, list[Found]]:
    """Return phone key -> the accounts (live and deleted) with those phone digits."""
    return _accounts_by("phone_key", keys)


def children_of(model: type[m.BaseModel], account_ids: Iterable[int],
                columns: Sequence[str]) -> list[dict[str, Any]]:
    """Return the rows (live and deleted) of a child kind of the given accounts, as dicts
    with id, account_id, deleted and the named columns."""
    wanted = sorted(set(account_ids))
    rows: list[dict[str, Any]] = []
    fields = [model.id, model.account, model.deleted_at] + [getattr(model, c) for c in columns]
    for batch in chunks(wanted):
        query = model.select(*fields).where(model.account.in_(batch)).tuples()
        for row_id, account_id, deleted_at, *values in query:
            rows.append({"id": row_id, "account_id": account_id,
                         "deleted": deleted_at is not None, **dict(zip(columns, values))})
    return rows


def contact_keys(account_ids: Iterable[int]) -> dict[tuple[int, str], list[Found]]:
    """Return (account id, person key) -> contacts of those accounts, and by mobile/phone."""
    found: dict[tuple[int, str], list[Found]] = {}
    for row in children_of(m.Contact, account_ids, ("name", "phone", "mobile")):
        item = Found(row["id"], row["deleted"], row["name"])
        found.setdefault((row["account_id"], person_key(row["name"] or "")), []).append(item)
        for number in {phone_key(row["mobile"] or ""), phone_key(row["phone"] or "")} - {""}:
            found.setdefault((row["account_id"], f"tel:{number}"), []).append(item)
    return found


def opportunity_keys(account_ids: Iterable[int]) -> dict[tuple[int, str], list[Found]]:
    """Return (account id, title key) -> opportunities of those accounts."""
    found: dict[tuple[int, str], list[Found]] = {}
    for row in children_of(m.Opportunity, account_ids, ("title",)):
        found.setdefault((row["account_id"], person_key(row["title"] or "")), []).append(
            Found(row["id"], row["deleted"], row["title"]))
    return found


def staff_keys() -> dict[str, list[tuple[int, str]]]:
    """Return person key -> (id, role) of our live people (a short list: a team, its dealers)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for row_id, name, role in m.Staff.alive().select(m.Staff.id, m.Staff.name,
                                                      m.Staff.role).tuples():
        found.setdefault(person_key(name or ""), []).append((row_id, role))
    return found

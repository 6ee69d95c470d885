"""What sync carries of each table: its columns, which are links (sent as uuids), its counters.

Rows travel by their uuid (a setting by its key); integer ids stay local. The columns a replica
works out for itself (the row's id, its edit version, its last-changed time, an account's
search text) do not travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime
from typing import Any

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db.sql import as_datetime
from kam_tui.core.db.team import UNDER_ACCOUNT, UNDER_DEAL

LOCAL_COLUMNS = frozenset({"id", "version", "updated_at", "search_text"})
# Bookkeeping columns a rep never chose: the later write wins as ever, but two of them meeting
# (the same natural-key row made on two machines) is no conflict to show anyone.
QUIET = frozenset({"created_at", "rule_key"})
COUNTERS = {"deal_role": ("meetings",)}  # what each replica adds up, never last-writer-wins
# How a row finds its account (the team's server lets a laptop pull only its accounts' rows).
ACCOUNT_PATHS = {"account": "self", "relation": "contact_id", "activity_person": "activity_id",
                 **{table: "account_id" for table in UNDER_ACCOUNT},
                 **{table: "opportunity_id" for table in UNDER_DEAL}}


@dataclass(frozen=True)
class SyncedColumn:
    """One column that travels: its name, the table a link points at, its model field."""

    name: str
    field: pw.Field
    link: str = ""  # the table whose uuid a link column carries ("" for a plain value)

    def to_wire(self, raw: Any) -> Any:
        """Return a stored value as it travels: JSON text, numbers, true/false or null."""
        if raw is None or self.link:
            return raw
        if isinstance(self.field, pw.BooleanField):
            return bool(raw) if isinstance(raw, (bool, int)) else raw
        if isinstance(self.field, pw.DateTimeField):
            # One spelling on both engines (PostgreSQL drops trailing zeros, writes a T).
            moment = as_datetime(raw.replace("T", " ", 1) if isinstance(raw, str) else raw)
            return moment.isoformat(sep=" ", timespec="microseconds") if moment else raw
        if isinstance(self.field, pw.DateField) and isinstance(raw, date):
            return raw.isoformat()
        return raw

    def to_store(self, value: Any) -> Any:
        """Return a travelled value as this engine stores it (links are resolved apart)."""
        if value is None:
            if not self.field.null and self.field.default is not None:
                default = self.field.default
                return default() if callable(default) else default
            return None
        if isinstance(self.field, pw.BooleanField) and isinstance(value, (bool, int)):
            return bool(value)
        return value


@dataclass(frozen=True)
class SyncedTable:
    """A table that travels: its model, the column that names a row, its columns."""

    name: str
    model: type[pw.Model]
    key: str  # "uuid", or "key" for the team's settings
    columns: tuple[SyncedColumn, ...]
    counters: tuple[str, ...]
    account_path: str  # "self", the column leading to the account, or "" when shared

    def column(self, name: str) -> SyncedColumn | None:
        """Return the travelling column of that name, or None."""
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, SyncedColumn]:
        return {column.name: column for column in self.columns}


def _describe(model: type[pw.Model]) -> SyncedTable:
    name = model._meta.table_name
    key = "uuid" if "uuid" in model._meta.fields else model._meta.primary_key.column_name
    columns = []
    for field in model._meta.sorted_fields:
        column = field.column_name
        if column in LOCAL_COLUMNS or column == key:
            continue
        link = field.rel_model._meta.table_name if isinstance(field, pw.ForeignKeyField) else ""
        columns.append(SyncedColumn(column, field, link))
    return SyncedTable(name, model, key, tuple(columns), COUNTERS.get(name, ()),
                       ACCOUNT_PATHS.get(name, ""))


# In the order rows can be made in: a row's links point at tables earlier in the list.
TABLES: tuple[SyncedTable, ...] = tuple(_describe(model) for model in m.ALL_MODELS)
BY_NAME = {table.name: table for table in TABLES}

"""Creating many records of a kind at once: rows inserted as Model.create fills them, many to a
statement (the record engine's create_many for kinds that batch)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import RecordKind, ValidationFailed
from kam_tui.core.domain import fields as f


class BatchInsert:
    """A kind's rows inserted the way Model.create fills them, many rows to a statement."""

    def __init__(self, kind: RecordKind) -> None:
        self.kind = kind
        meta = kind.model._meta
        fields = [field for field in meta.sorted_fields if not field.primary_key]
        # Per column: its name, its default (called per row when callable), its conversion.
        self.columns = [(field.name, field.default, callable(field.default), field.db_value)
                        for field in fields]
        self.head = (f'INSERT INTO "{meta.table_name}" ('
                     + ", ".join(f'"{field.column_name}"' for field in fields) + ") VALUES ")
        self.marks = "(" + ", ".join("?" for _ in fields) + ")"
        # One statement per this many rows: a statement is one savepoint, and the search
        # index writes its pending rows out at each savepoint, so row-per-statement is slow.
        self.per_statement = max(1, min(records.BATCH, records.MAX_VARIABLES // len(fields)))
        self.table = meta.table_name
        self.uuid_index = next(i for i, field in enumerate(fields) if field.name == "uuid")

    def rows(self, raws: Sequence[dict[str, Any]], parents: Sequence[int | None], today: date
             ) -> list[int | ValidationFailed]:
        """Validate and insert one batch; return each row's id or what refused it."""
        kind = self.kind
        out: list[int | ValidationFailed | None] = []
        stored: list[dict[str, Any]] = []
        for raw, parent_id in zip(raws, parents):
            values, errors = f.validate(kind.specs, raw, today)
            if errors:
                out.append(ValidationFailed(errors))
                continue
            data = records._stored(kind.model, values)
            if kind.parent:
                if parent_id is None:
                    raise ValueError(f"a {kind.name} needs its {kind.parent}")
                data[kind.parent] = parent_id
            if issubclass(kind.model, m.NaturalKeyed):
                named = kind.model.natural_uuid(data)
                if named is not None:
                    data["uuid"] = named
            stored.append(data)
            out.append(None)  # the id, once inserted
        if not stored:
            return [each for each in out if each is not None]
        if kind.derive_many is not None:
            kind.derive_many(stored, today)
        params = [self._params(data) for data in stored]
        for start in range(0, len(params), self.per_statement):
            part = params[start:start + self.per_statement]
            records.database().execute_sql(self.head + ", ".join([self.marks] * len(part)),
                                   [value for row in part for value in row])
        ids = self._ids([row[self.uuid_index] for row in params])
        created = iter(ids)
        result = [each if each is not None else next(created) for each in out]
        if kind.after_create_many is not None:
            kind.after_create_many(ids, stored, today)
        if kind.after_save_many is not None:
            kind.after_save_many(ids, stored, today)
        return result

    def _params(self, data: dict[str, Any]) -> tuple[Any, ...]:
        row = []
        for name, default, call, db_value in self.columns:
            if name in data:
                value = data[name]
            elif default is not None:
                value = default() if call else default
            else:
                value = None
            row.append(None if value is None else db_value(value))
        return tuple(row)

    def _ids(self, uuids: list[str]) -> list[int]:
        """Return the new rows' ids in the order given, found by their fresh uuids."""
        found: dict[str, int] = {}
        for start in range(0, len(uuids), records.BATCH):
            part = uuids[start:start + records.BATCH]
            marks = ", ".join("?" for _ in part)
            found.update(records.database().execute_sql(
                f'SELECT uuid, id FROM "{self.table}" WHERE uuid IN ({marks})', part).fetchall())
        return [found[uuid] for uuid in uuids]

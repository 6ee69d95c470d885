"""The record engine: every create, update, delete and restore of every kind, one way.

Each write runs in one IMMEDIATE transaction (`transaction()`), so a second writer waits for
the lock instead of failing, and a kind's own rules run as its hooks inside that transaction.
Kinds are registered explicitly at start-up by the areas that own them. `create_many` makes
many new records the same way (the import's path): the same field rules per row, the kind's
hooks in their batch form when it has one, many rows to a statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.core.db import capture, team
from kam_tui.core.db import models as m
from kam_tui.core.db.invalid import invalid_fields
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError, FieldSpec

Check = Callable[[dict[str, Any], "int | None", "int | None"], dict[str, FieldError]]
Hook = Callable[[int, dict[str, Any], date], None]
ManyHook = Callable[[list[int], list[dict[str, Any]], date], None]
Derive = Callable[[list[dict[str, Any]], date], None]
RowHook = Callable[[int], None]
Similar = Callable[[dict[str, Any]], Sequence[Any]]
BATCH = 500  # rows create_many validates, inserts and runs batch hooks for at a time
MAX_VARIABLES = 32_766  # bound parameters per statement (SQLite 3.32 and later)


class ValidationFailed(ValueError):
    """One or more fields were refused; nothing was saved."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        super().__init__(", ".join(f"{name}: {error.en or error.key}"
                                   for name, error in errors.items()))
        self.errors = errors


class ConflictError(RuntimeError):
    """The record changed (or was deleted) elsewhere since it was opened."""

    def __init__(self, kind: str, record_id: int, current: dict[str, Any] | None,
                 changed: tuple[str, ...], current_version: int | None = None) -> None:
        super().__init__(f"{kind} {record_id} changed since it was opened")
        self.kind = kind
        self.record_id = record_id
        self.current = current  # None when the record was deleted
        self.changed = changed  # fields whose stored value differs from what was opened
        self.current_version = current_version  # save again with this to overwrite theirs


class NotFound(LookupError):
    """No live record with that id."""


@dataclass(frozen=True)
class RecordKind:
    """A kind of record a rep edits: its model, fields, parent link and its own rules."""

    name: str
    model: type[m.BaseModel]
    specs: tuple[FieldSpec, ...]
    parent: str = "account"  # the foreign key to the owning record ("" for accounts)
    check: Check | None = None  # rules across fields or rows: errors at fields
    after_create: Hook | None = None  # (id, stored values, today), in the same transaction
    after_save: Hook | None = None  # after a create or an update, in the same transaction
    after_delete: RowHook | None = None  # after a soft delete, in the same transaction
    after_restore: RowHook | None = None  # after an undo of a delete, in the same transaction
    # Batch forms, for create_many. A kind gives them only when running them once for many
    # new rows ends as running the row hooks after each row would; a kind with a row hook and
    # no batch form, or with a check, is created row by row.
    # derive_many fills, in new rows' stored values, the columns the kind derives from each row
    # alone (an account's search text: a new account has no contacts yet), before the insert;
    # it stands in for after_save for rows nothing refers to yet.
    derive_many: Derive | None = None
    after_create_many: ManyHook | None = None  # (ids, stored values, today), after the insert
    after_save_many: ManyHook | None = None
    # Before a form creates a record: the stored records the new one (the form's raw values)
    # is likely to be, for the rep to decide on (a duplicate account). Not a rule: it refuses
    # nothing, runs outside the write's transaction and only for a form, never in create_many.
    similar: Similar | None = None

    @property
    def batches(self) -> bool:
        """Return whether create_many may insert this kind's rows many at a time."""
        return (self.check is None
                and (self.after_create is None or self.after_create_many is not None)
                and (self.after_save is None or self.after_save_many is not None
                     or self.derive_many is not None))


KINDS: dict[str, RecordKind] = {}


def register_kinds(*kinds: RecordKind) -> None:
    """Register the kinds an area owns; registering the same kind again changes nothing."""
    for kind in kinds:
        existing = KINDS.get(kind.name)
        if existing is not None and existing != kind:
            raise ValueError(f"record kind {kind.name!r} is already registered")
        KINDS[kind.name] = kind


def kind_of(name: str) -> RecordKind:
    """Return a registered kind, or say how kinds get registered."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind {name!r}: kam_tui.areas.register_record_kinds() "
                       "registers every area's kinds at start-up") from None


def similar(kind_name: str, raw: dict[str, Any]) -> list[Any]:
    """Return what the kind's `similar` hook finds for a new record's raw values ([] if none)."""
    kind = kind_of(kind_name)
    return list(kind.similar(raw)) if kind.similar is not None else []


def database() -> pw.Database:
    """Return the database the models are bound to."""
    return m.database_proxy.obj


@contextmanager
def transaction() -> Iterator[None]:
    """Run a write transaction: IMMEDIATE on SQLite, plain on PostgreSQL (where the rows a
    write decides on are locked with dialect.locked), a savepoint when already in one; the
    outermost one stamps the changes it captured for sync just before it commits.

    A deferred transaction that reads first (an insert firing the search-index trigger does)
    cannot upgrade to a write lock while another process writes, and fails at once with
    "database is locked" instead of waiting out the busy timeout; IMMEDIATE takes the lock first.
    """
    db = database()
    outermost = not db.in_transaction()
    if isinstance(db, pw.SqliteDatabase) and outermost:
        block = db.atomic("IMMEDIATE")
    else:
        block = db.atomic()
    with block:
        yield
        if outermost:
            capture.stamp(db)


def _column(name: str) -> str:
    """Map a form field name to the model attribute (owner_id -> owner)."""
    return name[:-3] if name.endswith("_id") else name


def values_of(kind: RecordKind, row: m.BaseModel) -> dict[str, Any]:
    """Return a row's form values keyed by field name."""
    out: dict[str, Any] = {}
    for spec in kind.specs:
        if spec.kind is f.Kind.REF:
            out[spec.name] = getattr(row, f"{_column(spec.name)}_id")
        else:
            out[spec.name] = getattr(row, spec.name)
    return out


def _normalised(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def load(kind_name: str, record_id: int) -> tuple[dict[str, Any], int]:
    """Return a live record's values and version."""
    kind = kind_of(kind_name)
    row = kind.model.alive().where(kind.model.id == record_id).first()
    if row is None:
        raise NotFound(f"no {kind_name} {record_id}")
    return values_of(kind, row), row.version


def stored_invalid(kind_name: str, record_id: int) -> dict[str, str]:
    """Return the raw stored text of a record's fields that do not parse, by field name."""
    kind = kind_of(kind_name)
    names = {spec.name for spec in kind.specs}
    return {name: raw for name, raw in invalid_fields(kind.model, record_id).items()
            if name in names}


def _stored(model: type[m.BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    data = {_column(name): value for name, value in values.items()}
    # An empty optional number means "not given": a column that cannot hold NULL takes its default.
    for column, value in list(data.items()):
        field = model._meta.fields.get(column)
        if value is None and field is not None and not field.null and field.default is not None:
            data[column] = field.default() if callable(field.default) else field.default
    return data


def save(kind_name: str, raw: dict[str, Any], *, today: date, record_id: int | None = None,
         expected_version: int | None = None, parent_id: int | None = None,
         opened_values: dict[str, Any] | None = None) -> int:
    """Validate and save a record in one transaction; return its id.

    Raises ValidationFailed (nothing saved) or ConflictError when the stored version is not the
    one the rep opened.
    """
    kind = kind_of(kind_name)
    values, errors = f.validate(kind.specs, raw, today)
    if kind.check is not None:
        errors.update(kind.check(values, record_id, parent_id))
    if errors:
        raise ValidationFailed(errors)
    model = kind.model
    data = _stored(model, values)
    with transaction():
        if record_id is None:
            if kind.parent:
                if parent_id is None:
                    raise ValueError(f"a {kind_name} needs its {kind.parent}")
                data[kind.parent] = parent_id
            if "owner" in data and data["owner"] is None:
                data["owner"] = team.me()  # on the team's server, what you make is yours
            record_id = model.create(**data).id
            if kind.after_create is not None:
                kind.after_create(record_id, data, today)
        else:
            updated = (
                model.update(**data, version=model.version + 1, updated_at=m.utcnow())
                .where((model.id == record_id) & (model.version == expected_version)
                       & model.deleted_at.is_null())
                .execute()
            )
            if updated == 0:
                raise _conflict(kind, record_id, opened_values)
        if kind.after_save is not None:
            kind.after_save(record_id, data, today)
    return record_id


def create_many(kind_name: str, raws: Sequence[dict[str, Any]], *, today: date,
                parent_ids: Sequence[int | None] | None = None) -> list[int | ValidationFailed]:
    """Validate and create many records in one transaction; return each row's id, or the
    ValidationFailed that refused it (nothing of that row is saved, the others are).

    Every row passes the form's field rules as `save` does. A kind that batches (see
    `RecordKind.batches`) is inserted BATCH rows at a time, many rows to a statement, with its
    batch hooks run once per batch; any other kind goes through `save` row by row. Either way
    the stored rows are what saving them one after another stores.
    """
    kind = kind_of(kind_name)
    parents = list(parent_ids) if parent_ids is not None else [None] * len(raws)
    if len(parents) != len(raws):
        raise ValueError("one parent id per row")
    out: list[int | ValidationFailed] = []
    with transaction():
        if not kind.batches:
            for raw, parent_id in zip(raws, parents):
                try:
                    with transaction():
                        out.append(save(kind_name, raw, today=today, parent_id=parent_id))
                except ValidationFailed as failed:
                    out.append(failed)
            return out
        from kam_tui.core.db.record_insert import BatchInsert  # it uses this module

        insert = BatchInsert(kind)
        for start in range(0, len(raws), BATCH):
            out.extend(insert.rows(raws[start:start + BATCH], parents[start:start + BATCH],
                                   today))
    return out


def _conflict(kind: RecordKind, record_id: int, opened: dict[str, Any] | None) -> ConflictError:
    row = kind.model.alive().where(kind.model.id == record_id).first()
    if row is None:
        return ConflictError(kind.name, record_id, None, ())
    current = values_of(kind, row)
    changed = tuple(
        name for name in current
        if opened is not None and _normalised(opened.get(name)) != _normalised(current[name])
    )
    return ConflictError(kind.name, record_id, current, changed, row.version)


def soft_delete(kind_name: str, record_id: int) -> None:
    """Mark a record deleted; it stays in the file and can be restored."""
    kind = kind_of(kind_name)
    model = kind.model
    with transaction():
        (model.update(deleted_at=m.utcnow(), updated_at=m.utcnow(), version=model.version + 1)
         .where((model.id == record_id) & model.deleted_at.is_null()).execute())
        if kind.after_delete is not None:
            kind.after_delete(record_id)


def restore(kind_name: str, record_id: int) -> None:
    """Undo a soft delete."""
    kind = kind_of(kind_name)
    model = kind.model
    with transaction():
        (model.update(deleted_at=None, updated_at=m.utcnow(), version=model.version + 1)
         .where(model.id == record_id).execute())
        if kind.after_restore is not None:
            kind.after_restore(record_id)


def bump(model: type[m.BaseModel], where: Any, **changes: Any) -> int:
    """Change rows outside a form, as the record engine does: new version, new updated_at."""
    return (model.update(**changes, version=model.version + 1, updated_at=m.utcnow())
            .where(where).execute())


def upsert(model: type[m.BaseModel], key: dict[str, Any], values: dict[str, Any], *,
           created: dict[str, Any] | None = None) -> None:
    """Write the row a natural key names: a new one, or the stored one (live again) with a new
    version; `created` holds values only a new row takes."""
    update = {getattr(model, name): value for name, value in values.items()}
    update.update({model.deleted_at: None, model.updated_at: m.utcnow(),
                   model.version: model.version + 1})
    (model.insert(**key, **values, **(created or {}))
     .on_conflict(conflict_target=[getattr(model, name) for name in key], update=update)
     .execute())

"""ImportService: a sheet's rows into records, through the one write path, all or nothing.

`plan` (the dry run) and `run` do the same work in the same way: one IMMEDIATE transaction
in which every row goes through `records.save` (the form's field rules, the kind's checks and
hooks), tagged with an import batch. A dry run then rolls everything back; a real run rolls
back too when any row was refused, unless the rep asked to skip refused rows. So the report of
a dry run is the report of the real run, number for number.

Rows are read one at a time and worked in chunks; the records a chunk may already be are
looked up for the whole chunk at once (`queries.matching`), never by loading a table.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any

import peewee as pw

from kam_tui.areas.exchange.queries import batches, matching
from kam_tui.areas.exchange.queries.batches import (
    CREATED,
    RESTORED,
    STAFF,
    UPDATED,
    Batch,
    Item,
    UndoRefused,
    UndoResult,
)
from kam_tui.areas.exchange.readers.table import Table, UnreadableFile, open_table
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.areas.exchange.rules.names import company_key, person_key, phone_key
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.backup import auto_backup
from kam_tui.core.db.records import ValidationFailed
from kam_tui.core.db.settings import get_setting, set_setting
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError, FieldSpec, Kind
from kam_tui.core.domain.text import normalise_input
from kam_tui.core.files import database_files, write_private

__all__ = ["Batch", "ImportCancelled", "ImportOptions", "ImportReport", "ImportService",
           "ImportSetupError", "Inspection", "Mode", "RowIssue", "UndoRefused", "UndoResult",
           "UnreadableFile"]

CHUNK = 500
MAPPING_KEY = "exchange.mapping."  # + name: a saved column mapping (JSON)
ERROR_HEADER = "导入错误 Import error"


class Mode(StrEnum):
    """What an import does with rows that match a stored record."""

    CREATE = "create"  # create only: a match is a duplicate, left alone
    UPSERT = "upsert"  # create and update
    UPDATE = "update"  # update only: a row without a match is skipped


class ImportSetupError(ValueError):
    """The file and the options do not make an import (no name column, header row not found)."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def message(self, lang: str = "en") -> str:
        """Return the reason in the given language."""
        return self.zh if lang == "zh" else self.en


class ImportCancelled(RuntimeError):
    """The rep cancelled; nothing was stored."""


@dataclass
class ImportOptions:
    """How to read the file and what to do with its rows."""

    kind: str = "accounts"  # a key of rules.columns.TARGETS
    mode: Mode = Mode.CREATE
    header_row: int | None = None  # the header's row number as the rep sees it; None: guessed
    mapping: list[str] | None = None  # per column: a field, a link column or "" (ignore)
    saved_mapping: str | None = None  # the name of a mapping saved with save_mapping
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    skip_refused: bool = False  # import the rows that pass, leave the refused ones out
    restore_deleted: bool = False  # a row matching only a deleted record brings it back
    create_people: bool = False  # an owner or dealer we do not know is added to our people


@dataclass
class RowIssue:
    """A row that was not imported as it stands, or a note about one."""

    row: int  # as the rep sees it: CSV line, sheet row
    action: str  # "refused", "duplicate", "not_found" or "note"
    en: str
    zh: str
    errors: dict[str, FieldError] = field(default_factory=dict)  # by column name
    record_id: int | None = None
    cells: list[Any] = field(default_factory=list)

    def message(self, lang: str = "en") -> str:
        """Return what is wrong with the row in the given language."""
        return self.zh if lang == "zh" else self.en


@dataclass
class Inspection:
    """What the wizard shows before an import: how the file is read and what maps where."""

    table: Table
    head: list[tuple[int, list[Any]]]  # the first rows, as read
    header_row: int  # the row number of the header (guessed or given)
    headers: list[str]
    mapping: list[str]
    missing: list[str]  # columns the kind needs that nothing maps to


@dataclass
class ImportReport:
    """What an import did, or would do: counts, and every row that needs the rep's eye."""

    file: Path
    kind: str
    mode: Mode
    dry_run: bool
    table: Table
    header_row: int
    headers: list[str]
    mapping: list[str]
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    refused: int = 0
    not_found: int = 0
    blank: int = 0
    rows: int = 0  # data rows read (blank ones not counted)
    issues: list[RowIssue] = field(default_factory=list)
    stored: bool = False  # whether anything was written
    batch_id: int | None = None
    backup: Path | None = None
    seconds: float = 0.0

    @property
    def refused_rows(self) -> list[RowIssue]:
        """Return the refused rows, in file order."""
        return [issue for issue in self.issues if issue.action == "refused"]

    @property
    def blocked(self) -> bool:
        """Return whether refused rows keep (or would keep) the import from being stored."""
        return self.refused > 0


@dataclass
class _Row:
    number: int
    cells: list[Any]
    values: dict[str, Any]  # field name -> what the form takes (only cells that hold something)
    links: dict[str, Any]  # link column -> value
    errors: dict[str, FieldError]


def _join_errors(target: c.Target, errors: dict[str, FieldError], lang: str) -> str:
    return "; ".join(f"{target.column_label(name, lang)}: {error.message(lang)}"
                     for name, error in errors.items())


class ImportService:
    """Reads a file and imports its rows; every call opens its own connection."""

    def __init__(self, db: pw.Database, db_path: Path | None = None,
                 today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.db_path = db_path
        self.today = today

    # --- reading -----------------------------------------------------------------------------

    def open(self, path: str | Path, options: ImportOptions) -> Table:
        """Open the file as the options say (encoding, delimiter, sheet)."""
        return open_table(path, encoding=options.encoding, delimiter=options.delimiter,
                          sheet=options.sheet)

    def inspect(self, path: str | Path, options: ImportOptions, head_rows: int = 40
                ) -> Inspection:
        """Return how the file is read, its first rows, the header row and the mapping."""
        target = _target(options.kind)
        table = self.open(path, options)
        head = table.head(max(head_rows, c.HEADER_SCAN_ROWS))
        header_index = self._header_index(target, head, options, table)
        number, header_cells = head[header_index] if head else (1, [])
        headers = [v.cell_text(cell).strip() for cell in header_cells]
        mapping = self._mapping(target, headers, options)
        return Inspection(table, head[:head_rows], number, headers, mapping,
                          c.required_missing(target, mapping))

    def _header_index(self, target: c.Target, head: list[tuple[int, list[Any]]],
                      options: ImportOptions, table: Table) -> int:
        if options.header_row is None:
            return c.guess_header(target, [cells for _, cells in head])
        for index, (number, _) in enumerate(head):
            if number == options.header_row:
                return index
        raise ImportSetupError(f"Row {options.header_row} is not among the first {len(head)} "
                               f"rows of {table.path.name}",
                               f"第 {options.header_row} 行不在 {table.path.name} 的前 "
                               f"{len(head)} 行中")

    def _mapping(self, target: c.Target, headers: list[str], options: ImportOptions
                 ) -> list[str]:
        if options.mapping is not None:
            known = set(target.columns())
            mapping = [name if name in known else c.IGNORE for name in options.mapping]
            return (mapping + [c.IGNORE] * len(headers))[:len(headers)]
        if options.saved_mapping:
            saved = self.load_mapping(options.saved_mapping)
            if saved is None:
                raise ImportSetupError(f"There is no saved mapping {options.saved_mapping!r}",
                                       f"没有名为 {options.saved_mapping!r} 的列对应")
            return c.apply_saved(target, headers, saved.get("columns", {}))
        return c.auto_mapping(target, headers)

    # --- saved mappings ----------------------------------------------------------------------

    def save_mapping(self, name: str, kind: str, headers: Sequence[str],
                     mapping: Sequence[str]) -> None:
        """Save a column mapping by name (keyed by header text) for next month's sheet."""
        data = {"kind": kind, "columns": c.mapping_by_header(headers, mapping)}
        with self.db.connection_context():
            set_setting(MAPPING_KEY + name, json.dumps(data, ensure_ascii=False))

    def load_mapping(self, name: str) -> dict[str, Any] | None:
        """Return a saved mapping ({"kind", "columns": {header key: column}}), or None."""
        with self.db.connection_context():
            raw = get_setting(MAPPING_KEY + name)
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    # --- importing ---------------------------------------------------------------------------

    def plan(self, path: str | Path, options: ImportOptions, *,
             progress: Callable[[int], None] | None = None,
             cancel: threading.Event | None = None) -> ImportReport:
        """Do the whole import and roll it back: the report of what `run` would do."""
        return self._execute(Path(path), options, dry_run=True, progress=progress,
                             cancel=cancel)

    def run(self, path: str | Path, options: ImportOptions, *,
            progress: Callable[[int], None] | None = None,
            cancel: threading.Event | None = None) -> ImportReport:
        """Back the database up, then import in one transaction, tagged with a batch.

        With a refused row nothing is stored (the report says which rows and why) unless
        `options.skip_refused`. Raises ImportCancelled when `cancel` is set midway.
        """
        return self._execute(Path(path), options, dry_run=False, progress=progress,
                             cancel=cancel)

    def _execute(self, path: Path, options: ImportOptions, *, dry_run: bool,
                 progress: Callable[[int], None] | None,
                 cancel: threading.Event | None) -> ImportReport:
        started = time.perf_counter()
        target = _target(options.kind)
        inspection = self.inspect(path, options, head_rows=c.HEADER_SCAN_ROWS)
        if inspection.missing:
            names = ", ".join(target.column_label(n) for n in inspection.missing)
            names_zh = "、".join(target.column_label(n, "zh") for n in inspection.missing)
            raise ImportSetupError(f"No column is mapped to {names}", f"没有列对应到：{names_zh}")
        report = ImportReport(path, options.kind, Mode(options.mode), dry_run, inspection.table,
                              inspection.header_row, inspection.headers, inspection.mapping)
        backup = None
        if not dry_run and self.db_path is not None and str(self.db_path) != ":memory:":
            backup = auto_backup(Path(self.db_path), "import")
        with self.db.connection_context():
            try:
                with records.transaction():
                    run = _Run(self, target, options, report)
                    run.start()
                    run.rows(self._data_rows(inspection), progress, cancel)
                    run.finish()
                    if dry_run or (report.refused and not options.skip_refused):
                        raise _RollBack
                report.stored = True
            except _RollBack:
                report.stored = False
        if not report.stored:
            report.batch_id = None
        report.backup = backup
        report.seconds = time.perf_counter() - started
        return report

    def _data_rows(self, inspection: Inspection) -> Iterator[tuple[int, list[Any]]]:
        rows = inspection.table.rows()
        for number, _ in rows:
            if number == inspection.header_row:
                break
        yield from rows

    # --- the refused rows, to fix and import again ------------------------------------------

    def write_refused(self, report: ImportReport, path: str | Path, *, lang: str = "en",
                      overwrite: bool = False) -> Path:
        """Write the refused rows (the header, each row as read, an error column) as a UTF-8
        CSV with a BOM that Excel opens; 0600, never onto the database."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([*report.headers, ERROR_HEADER])
        target = _target(report.kind)
        for issue in report.refused_rows:
            message = _join_errors(target, issue.errors, lang) if issue.errors else (
                issue.message(lang))
            row_label = f"第 {issue.row} 行" if lang == "zh" else f"row {issue.row}"
            cells = [_guarded(v.cell_text(cell)) for cell in issue.cells]
            cells += [""] * (len(report.headers) - len(cells))
            writer.writerow([*cells, _guarded(f"{row_label}: {message}")])
        return write_private(path, "\ufeff" + buffer.getvalue(), overwrite=overwrite,
                             protect=database_files(self.db_path))

    # --- undo --------------------------------------------------------------------------------

    def batches(self, limit: int = 50) -> list[Batch]:
        """Return the newest imports first."""
        with self.db.connection_context():
            return batches.list_batches(limit)

    def undo(self, batch_id: int, *, force: bool = False) -> UndoResult:
        """Back up, then remove exactly what an import created and put back what it changed.

        Raises UndoRefused (nothing changed) when the batch does not exist, was undone, or
        holds records changed since, unless `force`.
        """
        with self.db.connection_context():
            batch = batches.get_batch(batch_id) if batches.tables_exist() else None
        if batch is not None and not batch.undone_at and self.db_path is not None:
            auto_backup(Path(self.db_path), "import")
        with self.db.connection_context():
            return batches.undo_batch(batch_id, today=self.today(), force=force)


def _guarded(text: str) -> str:
    """Keep a cell from being a formula when the rep opens the file in Excel."""
    return "'" + text if text[:1] in ("=", "+", "@") or (
        text[:1] == "-" and not text[1:2].isdigit() and len(text) > 1) else text


class _RollBack(Exception):
    """Leave the import transaction without storing anything."""


def _target(kind: str) -> c.Target:
    try:
        return c.TARGETS[kind]
    except KeyError:
        raise ImportSetupError(f"Unknown kind {kind!r}; one of {', '.join(c.TARGETS)}",
                               f"未知类型 {kind!r}；可选：{'、'.join(c.TARGETS)}") from None


def _required_defaults(model: type[m.BaseModel], specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The values a new record takes for required choices the sheet leaves out, as the model
    defaults them (an account is C, watch, potential, acquisition; a contact made is a visit)."""
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.required and spec.kind is Kind.CHOICE:
            column = model._meta.fields.get(spec.name)
            default = getattr(column, "default", None)
            if default:
                out[spec.name] = default() if callable(default) else default
    return out


class _Run:
    """One import's work inside its transaction."""

    def __init__(self, service: ImportService, target: c.Target, options: ImportOptions,
                 report: ImportReport) -> None:
        self.service = service
        self.target = target
        self.options = options
        self.report = report
        self.today = service.today()
        self.kind = records.kind_of(target.record_kind)
        self.model = self.kind.model
        self.defaults = _required_defaults(self.model, target.specs)
        self.mapping = report.mapping
        self.seen: dict[Any, int] = {}  # key -> the row of the file that had it first
        self.staff: dict[str, list[tuple[int, str]]] = {}
        self.items: list[Item] = []
        self.batch_id = 0
        self.current: dict[int, tuple[dict[str, Any], int]] = {}  # a chunk's matched records

    # -- set up and wind down

    def start(self) -> None:
        matching.sync_account_keys()
        self.staff = matching.staff_keys()
        self.batch_id = batches.new_batch(self.target.name, str(self.options.mode),
                                          str(self.report.file))
        self.report.batch_id = self.batch_id

    def finish(self) -> None:
        self._flush_items()
        batches.finish_batch(self.batch_id, self.report.rows)

    def _flush_items(self) -> None:
        batches.add_items(self.batch_id, self.items)
        self.items = []

    # -- rows

    def rows(self, rows: Iterator[tuple[int, list[Any]]],
             progress: Callable[[int], None] | None, cancel: threading.Event | None) -> None:
        while chunk := list(islice(rows, CHUNK)):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled
            parsed = []
            for number, cells in chunk:
                if all(v.is_blank(cell) for cell in cells):
                    self.report.blank += 1
                    continue
                self.report.rows += 1
                parsed.append(self._parse(number, cells))
            self._chunk(parsed)
            self._flush_items()
            if progress is not None:
                progress(self.report.rows)

    def _parse(self, number: int, cells: list[Any]) -> _Row:
        values: dict[str, Any] = {}
        links: dict[str, Any] = {}
        errors: dict[str, FieldError] = {}
        for index, name in enumerate(self.mapping):
            if not name or index >= len(cells) or v.is_blank(cells[index]):
                continue
            cell = cells[index]
            if isinstance(cell, str):
                cell = v.unguard(cell)
            spec = self.target.spec(name)
            try:
                if spec is None:
                    links[name] = (v.stage_number(cell) if name == c.STAGE
                                   else normalise_input(v.cell_text(cell)))
                elif spec.kind is Kind.REF:
                    values[name] = self._person(spec, normalise_input(v.cell_text(cell)))
                else:
                    values[name] = v.field_value(spec, cell)
            except FieldError as error:
                errors[name] = error
        return _Row(number, cells, values, links, errors)

    def _person(self, spec: FieldSpec, name: str) -> int:
        """Return the id of one of our people named in a cell (an owner, a dealer)."""
        dealer = spec.ref == "dealer"
        key = person_key(name)
        found = [row_id for row_id, role in self.staff.get(key, [])
                 if (role == "dealer") == dealer]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise FieldError(f"Several of our people are named {name!r}",
                             f"我方有多人名为 {name!r}")
        if not self.options.create_people:
            who = ("dealer", "经销商") if dealer else ("one of our people", "我方人员")
            raise FieldError(f"No {who[0]} is named {name!r}; add them first or let the import "
                             "create them", f"没有名为 {name!r} 的{who[1]}；请先添加，或允许导入时创建")
        clean = name[:100]
        row_id = m.Staff.create(name=clean, role="dealer" if dealer else "rep").id
        self.staff.setdefault(key, []).append((row_id, "dealer" if dealer else "rep"))
        self.items.append(Item(STAFF, row_id, CREATED))
        return row_id

    # -- a chunk: look up what it may already be, then write it

    def _prefetch(self, found: Any) -> None:
        """Read the live records a chunk's rows matched, in one query per CHUNK ids."""
        if self.options.mode is Mode.CREATE:
            return
        ids = sorted({each.id for matches in found.values() for each in matches
                      if not each.deleted})
        self.current = {}
        for batch in matching.chunks(ids):
            for row in self.model.alive().where(self.model.id.in_(batch)):
                self.current[row.id] = (records.values_of(self.kind, row), row.version)

    def _chunk(self, rows: list[_Row]) -> None:
        if self.target.name == "accounts":
            self._accounts(rows)
            return
        accounts = self._link_accounts(rows)
        live = [row for row in rows if row.number in accounts]
        ids = {accounts[row.number] for row in live}
        if self.target.name in ("contacts", "opportunities"):
            found = (matching.contact_keys(ids) if self.target.name == "contacts"
                     else matching.opportunity_keys(ids))
            self._prefetch(found)
            for row in live:
                self._keyed_child(row, accounts[row.number], found)
        else:
            self._plain_children(live, accounts, ids)

    def _issue(self, row: _Row, action: str, en: str, zh: str, *,
               errors: dict[str, FieldError] | None = None,
               record_id: int | None = None) -> None:
        counter = {"refused": "refused", "duplicate": "duplicates",
                   "not_found": "not_found"}.get(action)
        if counter:
            setattr(self.report, counter, getattr(self.report, counter) + 1)
        self.report.issues.append(RowIssue(row.number, action, en, zh, errors or {}, record_id,
                                           list(row.cells) if action == "refused" else []))

    def _refuse(self, row: _Row, errors: dict[str, FieldError]) -> None:
        self._issue(row, "refused", _join_errors(self.target, errors, "en"),
                    _join_errors(self.target, errors, "zh"), errors=errors)

    def _first(self, row: _Row, key: Any) -> bool:
        """Return whether the row is the first of the file with this key (else a duplicate)."""
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = row.number
            return True
        self._issue(row, "duplicate", f"The same as row {earlier} of the file",
                    f"与文件第 {earlier} 行重复")
        return False

    def _accounts(self, rows: list[_Row]) -> None:
        names = [company_key(str(row.values.get("name", ""))) for row in rows]
        phones = [phone_key(str(row.values.get("phone", ""))) for row in rows]
        by_name = matching.accounts_by_name(names)
        by_phone = matching.accounts_by_phone(phones)
        self._prefetch(by_name)
        for row, name_key, tel in zip(rows, names, phones):
            if row.errors:
                self._refuse(row, self._all_errors(row))
                continue
            if name_key and not self._first(row, ("name", name_key)):
                continue
            found = by_name.get(name_key, [])
            if not found and tel:
                same_phone = [each for each in by_phone.get(tel, []) if not each.deleted]
                if same_phone:
                    other = same_phone[0]
                    self._issue(row, "duplicate",
                                f"Same phone as account #{other.id} {other.name!r}; not "
                                "imported in case it is the same customer",
                                f"与客户 #{other.id}「{other.name}」电话相同，可能是同一客户，未导入",
                                record_id=other.id)
                    continue
            self._matched(row, found, None)

    def _link_accounts(self, rows: list[_Row]) -> dict[int, int]:
        """Return row number -> account id for rows whose account column names one account;
        refuse the others."""
        keys = [company_key(str(row.links.get(c.ACCOUNT, ""))) for row in rows]
        found = matching.accounts_by_name(keys)
        out: dict[int, int] = {}
        for row, key in zip(rows, keys):
            name = row.links.get(c.ACCOUNT, "")
            live = [each for each in found.get(key, []) if not each.deleted]
            if len(live) == 1:
                out[row.number] = live[0].id
                continue
            error = (FieldError(f"No account is named {name!r}", f"没有名为 {name!r} 的客户")
                     if not live else
                     FieldError(f"Several accounts are named {name!r}: "
                                + ", ".join(f"#{each.id}" for each in live),
                                f"有多个客户名为 {name!r}"))
            self._refuse(row, {**self._all_errors(row), c.ACCOUNT: error})
        return out

    def _keyed_child(self, row: _Row, account_id: int,
                     found: dict[tuple[int, str], list[matching.Found]]) -> None:
        if row.errors:
            self._refuse(row, self._all_errors(row))
            return
        name = row.values.get("name" if self.target.name == "contacts" else "title", "")
        key = (account_id, person_key(str(name)))
        if key[1] and not self._first(row, key):
            return
        matches = found.get(key, [])
        if not matches and self.target.name == "contacts":
            for number in {phone_key(str(row.values.get(n, ""))) for n in ("mobile", "phone")}:
                same = [each for each in found.get((account_id, f"tel:{number}"), [])
                        if number and not each.deleted]
                if same:
                    self._issue(row, "duplicate",
                                f"Same phone as contact #{same[0].id} {same[0].name!r}",
                                f"与联系人 #{same[0].id}「{same[0].name}」电话相同",
                                record_id=same[0].id)
                    return
        self._matched(row, matches, account_id)

    def _plain_children(self, rows: list[_Row], accounts: dict[int, int], ids: set[int]) -> None:
        """Purchases and contacts made: no name to match by; a row equal to a stored one in
        every column the sheet gives is that one (unchanged), otherwise it is new."""
        provided = [name for name in self.mapping if self.target.spec(name) is not None]
        stored: set[tuple[Any, ...]] = set()
        for each in matching.children_of(self.model, ids, provided):
            if not each["deleted"]:
                stored.add((each["account_id"], *self._clean_tuple(each, provided)))
        for row in rows:
            if row.errors:
                self._refuse(row, self._all_errors(row))
                continue
            clean, errors = f.validate(self.target.specs, {**self.defaults, **row.values},
                                       self.today)
            if errors:
                self._refuse(row, errors)
                continue
            key = (accounts[row.number], *(clean.get(name) for name in provided))
            if not self._first(row, key):
                continue
            if key in stored:
                self.report.unchanged += 1
                continue
            if self.options.mode is Mode.UPDATE:
                self._issue(row, "not_found", "No stored record is the same; update only "
                            "changes records it finds", "没有相同的已存记录；仅更新模式不新建")
                continue
            self._create(row, accounts[row.number])

    def _clean_tuple(self, stored: dict[str, Any], names: list[str]) -> tuple[Any, ...]:
        out = []
        for name in names:
            spec = self.target.spec(name)
            value = stored.get(name)
            try:
                out.append(spec.parse(value.isoformat() if isinstance(value, date) else value,
                                      self.today) if spec is not None else value)
            except FieldError:
                out.append(value)
        return tuple(out)

    # -- one row: new, updated, unchanged, or not imported

    def _matched(self, row: _Row, found: list[matching.Found], parent_id: int | None) -> None:
        live = [each for each in found if not each.deleted]
        deleted = [each for each in found if each.deleted]
        mode = self.options.mode
        noun = self.target.record_kind
        if len(live) > 1:
            shown = ", ".join(f"#{each.id}" for each in live[:5])
            self._issue(row, "duplicate", f"Matches several stored records ({shown}); not "
                        "imported: merge them first", f"与多条已存记录重复（{shown}），未导入；请先合并")
            return
        if live:
            if mode is Mode.CREATE:
                self._issue(row, "duplicate", f"Already stored as {noun} #{live[0].id}",
                            f"已存在（#{live[0].id}）", record_id=live[0].id)
                return
            self._update(row, live[0].id)
            return
        if deleted and self.options.restore_deleted:
            self._update(row, deleted[-1].id, restore=True)
            return
        if mode is Mode.UPDATE:
            self._issue(row, "not_found", "No stored record matches; update only changes "
                        "records it finds", "没有匹配的已存记录；仅更新模式不新建")
            return
        if deleted:
            self._issue(row, "note", f"A deleted {noun} #{deleted[-1].id} has this name; a new "
                        "one was made (import with restore to bring it back instead)",
                        f"已删除的记录 #{deleted[-1].id} 同名；已新建（可选择恢复该记录）",
                        record_id=deleted[-1].id)
        self._create(row, parent_id)

    def _all_errors(self, row: _Row) -> dict[str, FieldError]:
        """The cells that could not be read, with what the form's rules say of the rest."""
        ok = {name: value for name, value in row.values.items() if name not in row.errors}
        _, more = f.validate(self.target.specs, {**self.defaults, **ok}, self.today)
        return {**row.errors, **{n: e for n, e in more.items() if n not in row.errors}}

    def _create(self, row: _Row, parent_id: int | None) -> None:
        raw = {**self.defaults, **row.values}
        try:
            with records.transaction():
                record_id = records.save(self.kind.name, raw, today=self.today,
                                         parent_id=parent_id)
                self._after_write(record_id, row, created=True)
        except ValidationFailed as failed:
            self._refuse(row, failed.errors)
            return
        self.items.append(Item(self.kind.name, record_id, CREATED))
        self.report.new += 1

    def _update(self, row: _Row, record_id: int, *, restore: bool = False) -> None:
        if restore:
            before = records.values_of(self.kind, self.model.get_by_id(record_id))
        elif record_id in self.current:  # a row earlier in the chunk may not have written it
            before, _ = self.current.pop(record_id)
        else:
            before, _ = records.load(self.kind.name, record_id)
        merged = {**before, **row.values}
        old, _ = f.validate(self.target.specs, before, self.today)
        new, errors = f.validate(self.target.specs, merged, self.today)
        if errors:
            self._refuse(row, errors)
            return
        if new == old and not restore:
            self.report.unchanged += 1
            return
        try:
            with records.transaction():
                if restore:
                    records.restore(self.kind.name, record_id)
                version = self.model.select(self.model.version).where(
                    self.model.id == record_id).scalar()
                records.save(self.kind.name, merged, today=self.today, record_id=record_id,
                             expected_version=version, opened_values=before)
                self._after_write(record_id, row, created=False)
        except ValidationFailed as failed:
            self._refuse(row, failed.errors)
            return
        self.items.append(Item(self.kind.name, record_id, RESTORED if restore else UPDATED,
                               before))
        self.report.updated += 1

    def _after_write(self, record_id: int, row: _Row, *, created: bool) -> None:
        if self.target.name == "accounts":
            name, phone = m.Account.select(m.Account.name, m.Account.phone).where(
                m.Account.id == record_id).tuples().get()
            matching.refresh_account_key(record_id, name, phone)
        stage = row.links.get(c.STAGE)
        if created and stage and stage != 1 and self.target.name == "opportunities":
            # Entered its stage when it was made: the history's first row says so too.
            records.bump(m.Opportunity, m.Opportunity.id == record_id, stage=stage)
            (m.StageChange.update(to_stage=stage)
             .where(m.StageChange.opportunity == record_id).execute())

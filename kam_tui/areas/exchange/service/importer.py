"""ImportService: what the command and the wizard call to read a file, import it and undo it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import peewee as pw

from kam_tui.areas.exchange.queries import batches
from kam_tui.areas.exchange.queries.batches import Batch, UndoResult
from kam_tui.areas.exchange.readers.table import Table, open_table
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.service import reading
from kam_tui.areas.exchange.service.matching import Run
from kam_tui.areas.exchange.service.refused import refused_csv
from kam_tui.areas.exchange.service.report import (
    ImportOptions,
    ImportReport,
    ImportSetupError,
    Inspection,
    Mode,
    target_of,
)
from kam_tui.core.db import records
from kam_tui.core.db.backup import auto_backup
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.files import database_files, write_private
from kam_tui.core.state import PersonalState

# + name: a saved column mapping (JSON). A rep's spreadsheets are their own, whichever database
# they go into, so the mappings are kept in the person's global state, not in a database.
MAPPING_KEY = "exchange.mapping."


class _RollBack(Exception):
    """Leave the import transaction without storing anything."""


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
        target = target_of(options.kind)
        table = self.open(path, options)
        head = table.head(max(head_rows, c.HEADER_SCAN_ROWS))
        return reading.inspection_of(target, table, head, options, self._saved(options),
                                     head_rows)[0]

    def _saved(self, options: ImportOptions) -> dict[str, Any] | None:
        if options.mapping is None and options.saved_mapping:
            return self.load_mapping(options.saved_mapping)
        return None

    # --- saved mappings ----------------------------------------------------------------------

    def save_mapping(self, name: str, kind: str, headers: Sequence[str],
                     mapping: Sequence[str]) -> None:
        """Save a column mapping by name (keyed by header text) for next month's sheet."""
        data = {"kind": kind, "columns": c.mapping_by_header(headers, mapping)}
        PersonalState().put(MAPPING_KEY + name, json.dumps(data, ensure_ascii=False))

    def load_mapping(self, name: str) -> dict[str, Any] | None:
        """Return a saved mapping ({"kind", "columns": {header key: column}}), or None."""
        raw = PersonalState().get(MAPPING_KEY + name)
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
        target = target_of(options.kind)
        table = self.open(path, options)
        # One pass over the file: the head that finds the header is the start of the rows.
        rows = table.rows()
        try:
            head = list(islice(rows, c.HEADER_SCAN_ROWS))
            inspection, index = reading.inspection_of(target, table, head, options,
                                                      self._saved(options), c.HEADER_SCAN_ROWS)
            if inspection.missing:
                names = ", ".join(target.column_label(n) for n in inspection.missing)
                names_zh = "、".join(target.column_label(n, "zh") for n in inspection.missing)
                raise ImportSetupError(f"No column is mapped to {names}",
                                       f"没有列对应到：{names_zh}")
            report = ImportReport(path, options.kind, Mode(options.mode), dry_run, table,
                                  inspection.header_row, inspection.headers, inspection.mapping)
            backup = None
            if not dry_run and self._backs_up():
                backup = auto_backup(Path(self.db_path), "import")
            with self.db.connection_context():
                try:
                    with records.transaction():
                        run = Run(target, options, report, self.today())
                        run.start()
                        run.rows(reading.data_rows(head, index, rows), progress, cancel)
                        run.finish()
                        if dry_run or (report.refused and not options.skip_refused):
                            raise _RollBack
                    report.stored = True
                except _RollBack:
                    report.stored = False
        finally:
            rows.close()
        if not report.stored:
            report.batch_id = None
        report.backup = backup
        report.seconds = time.perf_counter() - started
        return report

    def _backs_up(self) -> bool:
        """Return whether a real run backs the database file up first: a server's database
        is no file here (the server's own backups keep it)."""
        return (self.db_path is not None and str(self.db_path) != ":memory:"
                and not is_postgres(self.db))

    # --- the refused rows, to fix and import again ------------------------------------------

    def write_refused(self, report: ImportReport, path: str | Path, *, lang: str = "en",
                      overwrite: bool = False) -> Path:
        """Write the refused rows (the header, each row as read, an error column) as a UTF-8
        CSV with a BOM that Excel opens; 0600, never onto the database."""
        text = refused_csv(report, target_of(report.kind), lang)
        protect = () if is_postgres(self.db) else database_files(self.db_path)
        return write_private(path, "\ufeff" + text, overwrite=overwrite, protect=protect)

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
        if batch is not None and not batch.undone_at and self._backs_up():
            auto_backup(Path(self.db_path), "import")
        with self.db.connection_context():
            return batches.undo_batch(batch_id, today=self.today(), force=force)

"""Importing a kam JSON export back: a backup first, then every row in one transaction.

All or nothing: a refused row leaves the database as it was. A dry run does the whole import
and rolls it back, so its counts are the real run's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import peewee as pw

from kam_tui.areas.exchange.queries.json_import import Imported, import_rows
from kam_tui.areas.exchange.rules import json_format
from kam_tui.areas.exchange.rules.json_format import JsonRefused, LayoutError
from kam_tui.core.db.backup import auto_backup
from kam_tui.core.db.database import schema_version
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.db.records import transaction

__all__ = ["Imported", "JsonImportService", "JsonRefused"]


class _RolledBack(Exception):
    """Ends a dry run's transaction."""


class JsonImportService:
    """Imports kam JSON exports into one database; every call opens its own connection."""

    def __init__(self, db: pw.Database) -> None:
        self.db = db

    def import_json(self, path: str | Path, *, dry_run: bool = False) -> tuple[Imported,
                                                                               Path | None]:
        """Import a kam JSON export; return what it did and the backup taken first.

        Raises JsonRefused (nothing changed) for a file that is not a kam export, one made by
        a newer kam-tui, or a row the database refuses.
        """
        source = Path(path).expanduser()
        backup = None
        with self.db.connection_context():
            current = schema_version(self.db)
            _check_header(source, current)  # a file that is no kam export costs no backup
            # A server's database is backed up by the server's own means, not into a file here.
            if not dry_run and self.db.database not in ("", ":memory:") \
                    and not is_postgres(self.db):
                backup = auto_backup(Path(self.db.database), "import")
            try:
                result = self._run(source, json_format.read_lines, current, dry_run)
            except LayoutError:  # not a row a line: read it whole (a smaller file, re-indented)
                result = self._run(source, json_format.read_document, current, dry_run)
        return result, backup

    @staticmethod
    def _run(source: Path, reader: Callable[[TextIO], tuple[dict[str, Any], Any]],
             current: int, dry_run: bool) -> Imported:
        try:
            with _opened(source) as stream:
                meta, rows = reader(stream)
                json_format.check_meta(meta, current)
                with transaction():
                    result = import_rows(rows)
                    if dry_run:
                        raise _RolledBack
        except _RolledBack:
            pass
        return result


@contextmanager
def _opened(source: Path) -> Iterator[TextIO]:
    """Open an export as text; a file that is not UTF-8 is refused in both languages."""
    try:
        with source.open(encoding="utf-8-sig") as stream:
            yield stream
    except UnicodeDecodeError as error:
        raise JsonRefused(f"Not UTF-8 text ({error.reason} at byte {error.start})",
                          f"不是 UTF-8 文本（第 {error.start} 字节）") from None


def _check_header(source: Path, current: int) -> None:
    """Refuse a file whose header is not a kam export's before anything else is done."""
    with _opened(source) as stream:
        try:
            meta, _ = json_format.read_lines(stream)
        except LayoutError:
            return  # read whole later, and checked then
        json_format.check_meta(meta, current)

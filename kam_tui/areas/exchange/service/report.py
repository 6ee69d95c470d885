"""What an import is asked to do and what it did: options, modes, the report and its issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kam_tui.areas.exchange.readers.table import Table
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.refusal import Refusal


class Mode(StrEnum):
    """What an import does with rows that match a stored record."""

    CREATE = "create"  # create only: a match is a duplicate, left alone
    UPSERT = "upsert"  # create and update
    UPDATE = "update"  # update only: a row without a match is skipped


class ImportSetupError(Refusal):
    """The file and the options do not make an import (no name column, header row not found)."""


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


def join_errors(target: c.Target, errors: dict[str, FieldError], lang: str) -> str:
    """Return a row's errors on one line, each after its column's label."""
    return "; ".join(f"{target.column_label(name, lang)}: {error.message(lang)}"
                     for name, error in errors.items())


def target_of(kind: str) -> c.Target:
    """Return the kind of rows an import makes, or say which kinds there are."""
    try:
        return c.TARGETS[kind]
    except KeyError:
        raise ImportSetupError(f"Unknown kind {kind!r}; one of {', '.join(c.TARGETS)}",
                               f"未知类型 {kind!r}；可选：{'、'.join(c.TARGETS)}") from None

"""Exports: CSV, XLSX, JSON and vCard files of the rep's records, written safely.

Each export runs in one read transaction (a consistent snapshot that blocks no writer), streams
its rows a page at a time into the file, and writes the file through core/files.py: 0600,
whole or not at all, never over an existing file unless asked, never onto the open database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import StrEnum
from pathlib import Path

import peewee as pw

from kam_tui import __version__
from kam_tui.areas.exchange.queries import export_rows, json_export
from kam_tui.areas.exchange.rules import json_format
from kam_tui.areas.exchange.rules.export_cells import EXPORT_KINDS, SHEETS
from kam_tui.areas.exchange.rules.export_writers import (
    SheetRows,
    write_csv,
    write_vcards,
    write_xlsx,
)
from kam_tui.core.db.database import schema_version
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.domain.vocab import Lang
from kam_tui.core.files import (
    TargetExists,
    TargetIsFolder,
    database_files,
    private_file,
)
from kam_tui.core.domain.refusal import Refusal

__all__ = ["ALL", "EXPORT_KINDS", "ExportRefused", "ExportService", "Exported", "Format",
           "default_name", "view_formats"]

ALL = "all"


class Format(StrEnum):
    """The formats kam exports to; each value is also the file's extension."""

    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    VCF = "vcf"


class ExportRefused(Refusal):
    """An export that cannot be made as asked, with the reason in English and Chinese."""


@dataclass
class Exported:
    """What an export wrote: the files, and the rows of each kind (or table, for JSON)."""

    paths: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def kinds_for(fmt: Format, kind: str | None) -> tuple[str, ...]:
    """Return the kinds one export holds, or refuse a kind the format cannot hold."""
    if fmt is Format.JSON:
        if kind not in (None, ALL):
            raise ExportRefused("A JSON export holds every kind; leave out --kind",
                                "JSON 导出包含全部类型，请不要指定 --kind")
        return EXPORT_KINDS
    if fmt is Format.VCF:
        if kind not in (None, ALL, "contacts"):
            raise ExportRefused("A vCard export holds contacts only",
                                "vCard 只能导出联系人")
        return ("contacts",)
    if kind in (None, ALL):
        return EXPORT_KINDS if fmt is Format.XLSX or kind == ALL else ("accounts",)
    if kind not in EXPORT_KINDS:
        raise ExportRefused(f"Unknown kind {kind!r}; kinds are {', '.join(EXPORT_KINDS)}",
                            f"未知类型 {kind!r}；可选：{', '.join(EXPORT_KINDS)}")
    return (kind,)


def view_formats(kind: str) -> tuple[Format, ...]:
    """Return the formats the records a screen shows go to: vCard of an account list is its
    accounts' contacts, of a list of contacts the contacts; JSON is always everything."""
    cards = (Format.VCF,) if kind in ("accounts", "contacts") else ()
    return (Format.CSV, Format.XLSX, *cards, Format.JSON)


def _view_kinds(fmt: Format, kind: str | None) -> tuple[str, ...]:
    if kind not in EXPORT_KINDS:
        raise ExportRefused(f"An export of chosen records needs one kind, not {kind!r}",
                            f"导出所选记录需要指定一种类型，而不是 {kind!r}")
    if fmt is Format.JSON:
        raise ExportRefused("A JSON export holds every record; it cannot be of chosen ones",
                            "JSON 导出包含全部记录，不能只导出所选记录")
    if fmt is Format.VCF and kind not in ("accounts", "contacts"):
        raise ExportRefused("A vCard export holds contacts only", "vCard 只能导出联系人")
    return (kind,)


def default_name(fmt: Format, kinds: tuple[str, ...], today: date) -> str:
    """Return the file (or, for CSV of several kinds, the folder) an export goes to."""
    what = kinds[0] if len(kinds) == 1 else ALL
    stem = f"kam-{what}-{today:%Y%m%d}"
    return stem if fmt is Format.CSV and len(kinds) > 1 else f"{stem}.{fmt.value}"


class ExportService:
    """Writes exports of one database; every call opens its own connection."""

    def __init__(self, db: pw.Database, lang: Lang = "en") -> None:
        self.db = db
        self.lang = lang

    @property
    def protect(self) -> tuple[Path, ...]:
        # A server's database name is no file here.
        return () if is_postgres(self.db) else database_files(self.db.database)

    def export(self, path: str | Path, fmt: Format | str, kind: str | None = None, *,
               include_personal: bool = False, overwrite: bool = False,
               ids: Sequence[int] | None = None, filters: Sequence[tuple[str, str]] = (),
               search: str = "") -> Exported:
        """Write an export; `kind` is one of EXPORT_KINDS or "all" (the format's default if
        None). CSV of several kinds writes one file per kind into the folder `path`.

        With `ids` (records of `kind` in the order a screen shows them) only those are
        written, in that order; vCard of account ids is those accounts' contacts. `filters`
        (name, value) and `search` keep the rows of the accounts they match (see
        export_rows.account_filter).

        Raises ExportRefused for a kind the format cannot hold or a filter that names nothing,
        and a WriteRefused error (TargetExists, TargetProtected, …) before anything is written.
        """
        fmt = Format(fmt)
        kinds = kinds_for(fmt, kind) if ids is None else _view_kinds(fmt, kind)
        where = self._where(fmt, filters, search)
        target = Path(path).expanduser()
        with self.db.connection_context(), self.db.atomic():  # one snapshot for every kind
            if fmt is Format.JSON:
                return self._json(target, include_personal, overwrite)
            if fmt is Format.VCF:
                accounts = list(ids) if ids is not None and kind == "accounts" else None
                return self._vcf(target, include_personal, overwrite, accounts, where)
            if fmt is Format.XLSX:
                return self._xlsx(target, kinds, include_personal, overwrite, ids, where)
            return self._csv(target, kinds, include_personal, overwrite, ids, where)

    def _where(self, fmt: Format, filters: Sequence[tuple[str, str]], search: str
               ) -> pw.Expression | None:
        if not filters and not search.strip():
            return None
        if fmt is Format.JSON:
            raise ExportRefused("A JSON export holds every record; --filter and --search are "
                                "for CSV, XLSX and vCard",
                                "JSON 导出包含全部记录；--filter 和 --search 仅适用于 CSV、XLSX "
                                "和 vCard")
        try:
            return export_rows.account_filter(filters, search)
        except export_rows.FilterRefused as error:
            raise ExportRefused(error.en, error.zh) from None

    # --- the formats -----------------------------------------------------------------------

    def _csv(self, target: Path, kinds: tuple[str, ...], include_personal: bool,
             overwrite: bool, ids: Sequence[int] | None = None,
             where: pw.Expression | None = None) -> Exported:
        if len(kinds) == 1:
            targets = [(kinds[0], target)]
        else:
            if target.exists() and not target.is_dir():
                raise ExportRefused(f"{target} is a file; CSV of every kind needs a folder",
                                    f"{target} 是文件；导出全部类型的 CSV 需要一个文件夹")
            targets = [(kind, target / f"{kind}.csv") for kind in kinds]
        for _, each in targets:  # refuse before the first file is written, not after
            _refuse_early(each, overwrite)
        done = Exported()
        for kind, each in targets:
            rows = export_rows.rows_of(kind, include_personal=include_personal, ids=ids,
                                       accounts_where=where)
            with private_file(each, overwrite=overwrite, protect=self.protect) as handle:
                done.counts[kind] = write_csv(handle, rows.columns, rows.rows, self.lang)
            done.paths.append(each.absolute())
        return done

    def _xlsx(self, target: Path, kinds: tuple[str, ...], include_personal: bool,
              overwrite: bool, ids: Sequence[int] | None = None,
              where: pw.Expression | None = None) -> Exported:
        def sheets() -> Iterator[SheetRows]:
            for kind in kinds:  # each kind's rows are read only as its sheet is written
                rows = export_rows.rows_of(kind, include_personal=include_personal, ids=ids,
                                           accounts_where=where)
                yield SheetRows(SHEETS[kind].title(self.lang), rows.columns, rows.rows)

        with private_file(target, overwrite=overwrite, protect=self.protect) as handle:
            counts = write_xlsx(handle, sheets(), self.lang)
        return Exported([target.absolute()], dict(zip(kinds, counts)))

    def _vcf(self, target: Path, include_personal: bool, overwrite: bool,
             account_ids: Sequence[int] | None = None,
             where: pw.Expression | None = None) -> Exported:
        cards = export_rows.cards(include_personal=include_personal, account_ids=account_ids,
                                  accounts_where=where)
        with private_file(target, overwrite=overwrite, protect=self.protect) as handle:
            count = write_vcards(handle, cards, include_personal=include_personal)
        return Exported([target.absolute()], {"contacts": count})

    def _json(self, target: Path, include_personal: bool, overwrite: bool) -> Exported:
        meta = {
            "format": json_format.FORMAT,
            "format_version": json_format.FORMAT_VERSION,
            "schema_version": schema_version(self.db),
            "app_version": __version__,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "personal": include_personal,
            "foreign_keys": json_export.foreign_keys(),
        }
        done = Exported()
        with private_file(target, overwrite=overwrite, protect=self.protect) as handle:
            writer = json_format.JsonWriter(handle, meta)
            for model in json_export.TABLES:
                name = json_export.table_name(model)
                done.counts[name] = writer.table(name, json_export.table_rows(
                    self.db, model, include_personal=include_personal))
            writer.close()
        done.paths.append(target.absolute())
        return done


def _refuse_early(target: Path, overwrite: bool) -> None:
    if os.path.isdir(target) and not os.path.islink(target):
        raise TargetIsFolder(target)
    if not overwrite and os.path.lexists(target):
        raise TargetExists(target)

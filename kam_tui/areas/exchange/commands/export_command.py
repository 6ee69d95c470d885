"""`kam export`: write the rep's records as CSV, XLSX, JSON or vCard.

    kam export [--kind accounts|contacts|purchases|opportunities|activities|revisits|all]
               [--format csv|xlsx|json|vcf] [--filter FIELD=VALUE]… [--search WORDS]
               [--include-personal] [--force] [PATH]

The format defaults to PATH's extension (else CSV); the kind to what the format holds (CSV:
accounts, XLSX and JSON: all, vCard: contacts); PATH to kam-<kind>-<date>.<format> in the
current folder. CSV of every kind writes one file per kind into the folder PATH. --filter and
--search keep the records of the accounts they match, as the account list's filters and search
do (class=A, region=华东, owner=李明; a classification by its code or either label).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kam_tui.areas.exchange.rules.export_cells import EXPORT_KINDS
from kam_tui.core.locale import default_lang

FORMATS = ("csv", "xlsx", "json", "vcf")
KIND_NAMES = {
    "accounts": ("accounts", "个客户"), "contacts": ("contacts", "位联系人"),
    "purchases": ("purchases", "条购买记录"), "opportunities": ("opportunities", "个销售机会"),
    "activities": ("activities", "条联系记录"), "revisits": ("revisits", "条回访"),
}


def add_parser(subparsers: argparse._SubParsersAction,
               common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `kam export` to the command line."""
    parser = subparsers.add_parser(
        "export", parents=[common_parent],
        help="write accounts, contacts, purchases, opportunities, activities or revisits as "
        "CSV, XLSX, JSON (everything, for moving machines) or vCard (contacts)")
    parser.add_argument("--kind", choices=(*EXPORT_KINDS, "all"),
                        help="what to export (default: accounts for CSV, all for XLSX and "
                        "JSON, contacts for vCard)")
    parser.add_argument("--format", choices=FORMATS, dest="export_format",
                        help="file format (default: from PATH's extension, else csv)")
    parser.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                        dest="filters",
                        help="keep the records of accounts whose FIELD is VALUE (repeatable; "
                        "fields: class, layer, status, lifecycle, region, owner, dealer)")
    parser.add_argument("--search", default="", metavar="WORDS",
                        help="keep the records of accounts the list's search finds for WORDS")
    parser.add_argument("--include-personal", action="store_true",
                        help="include the personal file (birthday, hobbies, family…) and "
                        "birthday revisits; left out by default")
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    parser.add_argument("path", nargs="?", metavar="PATH",
                        help="the file to write (a folder for CSV of every kind)")
    return parser


def command_lang(args: argparse.Namespace) -> str:
    """Return the language the command speaks: --lang, else the locale (as the app picks)."""
    return getattr(args, "lang", None) or default_lang()


def fail(message: str) -> int:
    """Say why on one line of stderr; return the exit code of a refused command."""
    print(f"kam: {' '.join(message.split())}", file=sys.stderr)
    return 2


def open_existing(db_path: Path | str):
    """Open the database a command reads, refusing to create one that is not there."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import open_database
    from kam_tui.core.db.postgres import is_server_url

    # A server's database is there or the connection says why; a file must exist already.
    if not is_server_url(db_path) and not Path(db_path).is_file():
        raise FileNotFoundError(f"there is no database at {db_path}")
    register_record_kinds()
    return open_database(db_path)


def _format_of(args: argparse.Namespace) -> str:
    if args.export_format:
        return args.export_format
    suffix = Path(args.path).suffix.lower().lstrip(".") if args.path else ""
    return {"vcard": "vcf", "xls": "xlsx"}.get(suffix, suffix) if suffix in (
        *FORMATS, "vcard", "xls") else "csv"


def parse_filters(texts: list[str]) -> list[tuple[str, str]]:
    """Return `--filter` arguments as (field, value); raise ValueError for one without "="."""
    pairs = []
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise ValueError(text)
        pairs.append((name.strip(), value.strip()))
    return pairs


def run(args: argparse.Namespace, db_path: Path | str) -> int:
    """Run `kam export`; return the exit code."""
    from kam_tui.areas.exchange.export_service import (
        ExportRefused,
        ExportService,
        Format,
        default_name,
        kinds_for,
    )
    from kam_tui.core.files import TargetExists, WriteRefused

    lang = command_lang(args)
    zh = lang == "zh"
    fmt = Format(_format_of(args))
    try:
        kinds = kinds_for(fmt, args.kind)
    except ExportRefused as error:
        return fail(error.message(lang))
    try:
        filters = parse_filters(getattr(args, "filters", None) or [])
    except ValueError as error:
        return fail(f"--filter {error} 应写成 字段=值，例如 class=A" if zh else
                    f"--filter {error} should be FIELD=VALUE, e.g. class=A")
    path = Path(args.path).expanduser() if args.path else Path(
        default_name(fmt, kinds, date.today()))
    try:
        db = open_existing(db_path)
    except FileNotFoundError as error:
        return fail(("数据库不存在：" + str(db_path)) if zh else str(error))
    try:
        done = ExportService(db, lang).export(path, fmt, args.kind,
                                              include_personal=args.include_personal,
                                              overwrite=args.force, filters=filters,
                                              search=getattr(args, "search", "") or "")
    except TargetExists as error:
        return fail(error.message(lang) + ("；加上 --force 可覆盖" if zh
                                           else "; add --force to replace it"))
    except (WriteRefused, ExportRefused) as error:
        return fail(error.message(lang))
    finally:
        db.close()
    if fmt is Format.JSON:
        tables = len([count for count in done.counts.values() if count])
        print(f"已导出 {done.total} 行（{tables} 个表）到 {done.paths[0]}" if zh else
              f"Exported {done.total} rows of {tables} tables to {done.paths[0]}")
    else:
        for kind, count in done.counts.items():
            en, zh_name = KIND_NAMES[kind]
            print(f"已导出 {count} {zh_name}" if zh else f"Exported {count} {en}")
        where = done.paths[0] if len(done.paths) == 1 else done.paths[0].parent
        print(f"写入 {where}" if zh else f"to {where}")
    if not args.include_personal:
        print("个人信息（生日、爱好、家庭等）未导出；需要时加上 --include-personal" if zh else
              "Personal fields (birthday, hobbies, family…) were left out; add "
              "--include-personal to include them")
    return 0

"""`kam import-json FILE [--dry-run]`: import a kam JSON export back, exactly.

Rows are matched by uuid; a second import of the same file changes nothing. A backup is taken
first and the whole file goes in one transaction: a refused row leaves the database as it was.
`kam import FILE.json` can hand the file here with `run_file`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kam_tui.areas.exchange.commands.export_command import (
    command_lang,
    fail,
)


def add_parser(subparsers: argparse._SubParsersAction,
               common_parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `kam import-json` to the command line."""
    parser = subparsers.add_parser(
        "import-json", parents=[common_parent],
        help="import a kam JSON export (from `kam export --format json`) exactly: rows "
        "matched by uuid, a backup first, all or nothing")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--dry-run", action="store_true",
                        help="say what the import would do, change nothing")
    return parser


def run(args: argparse.Namespace, db_path: Path | str) -> int:
    """Run `kam import-json`; return the exit code."""
    return run_file(Path(args.file).expanduser(), db_path, dry_run=args.dry_run,
                    lang=command_lang(args))


def run_file(source: Path, db_path: Path | str, *, dry_run: bool = False,
             lang: str = "en") -> int:
    """Import one kam JSON file into the database at db_path; print what it did."""
    from kam_tui.areas.exchange.json_service import JsonImportService, JsonRefused

    zh = lang == "zh"
    if not source.is_file():
        return fail(f"文件不存在：{source}" if zh else f"there is no file {source}")
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import open_database

    register_record_kinds()
    # A new laptop starts with no database: bringing the old machine's export in creates it.
    db = open_database(db_path)
    try:
        result, backup = JsonImportService(db).import_json(source, dry_run=dry_run)
    except JsonRefused as error:
        return fail((f"未导入 {source}：" if zh else f"{source} was not imported: ")
                    + error.message(lang))
    finally:
        db.close()
    if backup is not None:
        print(f"已先备份到 {backup}" if zh else f"Backed up the database to {backup} first")
    head = ("试运行（未做任何更改）：" if zh else "Dry run, nothing changed: ") if dry_run else ""
    print(head + (f"新增 {result.new} 行，更新 {result.updated} 行，{result.unchanged} 行不变"
                  if zh else f"{result.new} new, {result.updated} updated, "
                  f"{result.unchanged} unchanged"))
    for table, counts in result.tables.items():
        if counts.new or counts.updated:
            print(f"  {table:<20} +{counts.new} ~{counts.updated}")
    return 0

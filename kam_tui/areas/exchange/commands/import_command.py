"""`kam import`: bring a sheet's rows in, or undo an import.

    kam import FILE [--kind accounts|contacts|purchases|opportunities|activities] [--dry-run]
               [--mode create|upsert|update] [--header-row N] [--mapping NAME] ...
    kam import --undo BATCH [--force]
    kam import --list

Exit codes: 0 imported (or, with --dry-run, would import) every row that was not a duplicate;
1 refused rows kept the import from being stored (or would), or an undo was refused; 2 the file
or the options do not make an import. Everything printed from the file is one safe line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kam_tui.core.domain.text import one_line
from kam_tui.core.files import free_path

KINDS = ("accounts", "contacts", "purchases", "opportunities", "activities")
MODES = {"create": "create", "upsert": "upsert", "create-update": "upsert", "update": "update"}
SHOWN = 50  # issues listed per section; the refused-rows file has all of them


def add_parser(subparsers: argparse._SubParsersAction, common_parent: argparse.ArgumentParser
               ) -> argparse.ArgumentParser:
    """Add `import` to kam's subcommands; return its parser."""
    parser = subparsers.add_parser(
        "import", parents=[common_parent],
        help="import accounts, contacts, purchases, opportunities or activities from a CSV, "
        "TSV, XLSX, XLS or ODS file; --undo BATCH takes an import back",
        description="Import rows from a sheet through the same rules as the forms, in one "
        "transaction: all rows or none (see --skip-refused). A backup is taken first.")
    parser.add_argument("file", nargs="?", metavar="FILE")
    parser.add_argument("--kind", choices=KINDS, default="accounts",
                        help="what the rows are (default: accounts)")
    parser.add_argument("--dry-run", action="store_true",
                        help="do everything but store: report what the import would do")
    parser.add_argument("--mode", choices=tuple(MODES), default="create",
                        help="create: only new records (matches are duplicates); upsert "
                        "(create-update): new ones and updates; update: only updates")
    parser.add_argument("--header-row", type=int, metavar="N",
                        help="the row number of the header (default: guessed)")
    parser.add_argument("--mapping", metavar="NAME", help="use a column mapping saved by name")
    parser.add_argument("--save-mapping", metavar="NAME",
                        help="save the column mapping used under NAME")
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: first)")
    parser.add_argument("--encoding", metavar="ENC",
                        help="the text file's encoding, e.g. gb18030, big5 (default: found)")
    parser.add_argument("--delimiter", metavar="CHAR",
                        help="the text file's delimiter; 'tab' for tabs (default: found)")
    parser.add_argument("--skip-refused", action="store_true",
                        help="store the rows that pass and leave the refused ones out")
    parser.add_argument("--restore-deleted", action="store_true",
                        help="a row matching only a deleted record brings it back")
    parser.add_argument("--create-people", action="store_true",
                        help="add owners and dealers the database does not know yet")
    parser.add_argument("--refused-file", metavar="PATH",
                        help="where to write the refused rows (default: beside FILE)")
    parser.add_argument("--undo", type=int, metavar="BATCH",
                        help="take back the import with this batch number")
    parser.add_argument("--force", action="store_true",
                        help="with --undo: undo records changed since the import too")
    parser.add_argument("--list", action="store_true", help="list the imports made so far")
    return parser


def _lang(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None)
    if lang:
        return lang
    from kam_tui.core.locale import default_lang

    return default_lang()


def _say(text: str = "", *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


def _fail(message: str) -> int:
    _say(f"kam: {one_line(message)}", err=True)
    return 2


def run(args: argparse.Namespace, db_path: Path | str) -> int:
    """Run `kam import` on the database at db_path; return the exit code."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.areas.exchange import service as s
    from kam_tui.core.db.database import open_database

    lang = _lang(args)
    zh = lang == "zh"
    if args.undo is None and not args.list and not args.file:
        return _fail("缺少要导入的文件 FILE" if zh else "give the FILE to import (or --undo BATCH)")
    register_record_kinds()
    db = open_database(db_path)
    try:
        service = s.ImportService(db, db_path)
        if args.list:
            return _list(service, zh)
        if args.undo is not None:
            return _undo(service, args.undo, args.force, lang)
        options = s.ImportOptions(
            kind=args.kind, mode=s.Mode(MODES[args.mode]), header_row=args.header_row,
            saved_mapping=args.mapping, encoding=args.encoding,
            delimiter="\t" if args.delimiter in ("tab", "\\t") else args.delimiter,
            sheet=args.sheet, skip_refused=args.skip_refused,
            restore_deleted=args.restore_deleted, create_people=args.create_people)
        file = Path(args.file).expanduser()
        try:
            report = (service.plan if args.dry_run else service.run)(file, options)
        except (s.ImportSetupError, s.UnreadableFile) as error:
            return _fail(error.message(lang))
        if args.save_mapping:
            service.save_mapping(args.save_mapping, args.kind, report.headers, report.mapping)
        _print_report(report, lang)
        if args.save_mapping:
            _say(f"列对应已保存为 {args.save_mapping!r}" if zh
                 else f"Column mapping saved as {args.save_mapping!r}")
        if report.refused:
            target = Path(args.refused_file).expanduser() if args.refused_file else free_path(
                file.with_name(f"{file.stem}-refused.csv"))
            written = service.write_refused(report, target, lang=lang,
                                            overwrite=bool(args.refused_file))
            _say(one_line(f"被拒绝的行已写入 {written}：修改后可再次导入该文件" if zh else
                          f"Refused rows written to {written}: fix them there and import "
                          "that file again"))
        return 1 if report.refused and not (report.stored and args.skip_refused) else 0
    finally:
        db.close()




def _list(service, zh: bool) -> int:
    found = service.batches()
    if not found:
        _say("还没有导入记录" if zh else "No imports yet")
        return 0
    for batch in found:
        state = (f"已撤销 {batch.undone_at}" if zh else f"undone {batch.undone_at}") \
            if batch.undone_at else ""
        line = (f"#{batch.id}  {batch.created_at}  {batch.kind}  {batch.mode}  "
                f"新建 {batch.created}  更新 {batch.updated}  {batch.file}  {state}" if zh else
                f"#{batch.id}  {batch.created_at}  {batch.kind}  {batch.mode}  "
                f"new {batch.created}  updated {batch.updated}  {batch.file}  {state}")
        _say(one_line(line.rstrip()))
    return 0


def _undo(service, batch_id: int, force: bool, lang: str) -> int:
    from kam_tui.areas.exchange.service import UndoRefused

    try:
        result = service.undo(batch_id, force=force)
    except UndoRefused as error:
        _say(f"kam: {one_line(error.message(lang))}", err=True)
        return 1
    if lang == "zh":
        _say(f"已撤销导入批次 {batch_id}：删除 {result.removed} 条，恢复原值 {result.restored} 条")
    else:
        _say(f"Undid import {batch_id}: removed {result.removed}, put back {result.restored}")
    return 0


_LABELS = {
    "new": ("new", "新建"), "updated": ("updated", "更新"), "unchanged": ("unchanged", "未变"),
    "duplicates": ("duplicates", "重复"), "refused": ("refused", "拒绝"),
    "not_found": ("not found", "未找到"),
}


def _print_report(report, lang: str) -> None:
    from kam_tui.areas.exchange.rules.columns import TARGETS

    zh = lang == "zh"
    target = TARGETS[report.kind]
    table = report.table
    where = (f"工作表「{table.sheet}」" if zh else f"sheet {table.sheet!r}") if table.sheet else (
        f"编码 {table.encoding}，分隔符 {_delimiter(table.delimiter)}" if zh else
        f"encoding {table.encoding}, delimiter {_delimiter(table.delimiter)}")
    if zh:
        _say(one_line(f"读取 {report.file.name}（{where}，表头在第 {report.header_row} 行）："
                      f"{report.rows} 行{target.label('zh')}"))
    else:
        _say(one_line(f"Read {report.file.name} ({where}, header on row {report.header_row}): "
                      f"{report.rows} rows of {target.label('en').lower()}"))
    pairs = [f"{one_line(header, 40) or '?'} → "
             + (target.column_label(name, lang) if name else ("不导入" if zh else "not imported"))
             for header, name in zip(report.headers, report.mapping)]
    _say(("列：" if zh else "Columns: ") + one_line("; ".join(pairs), 2000))
    for warning in table.warnings:
        _say(one_line(("注意：" if zh else "Warning: ") + warning))
    width = max(len(label[1 if zh else 0]) for label in _LABELS.values())
    for attribute, (en, cn) in _LABELS.items():
        _say(f"  {(cn if zh else en):<{width}}  {getattr(report, attribute):>7}")
    for action, (en, cn) in (("refused", ("Refused", "拒绝的行")),
                             ("duplicate", ("Duplicates", "重复的行")),
                             ("not_found", ("Not found", "未找到的行")),
                             ("note", ("Notes", "说明"))):
        issues = [issue for issue in report.issues if issue.action == action]
        if not issues:
            continue
        _say(f"{cn if zh else en}:")
        for issue in issues[:SHOWN]:
            row = f"第 {issue.row} 行" if zh else f"row {issue.row}"
            _say(f"  {row}: {one_line(issue.message(lang), 300)}")
        if len(issues) > SHOWN:
            _say(f"  … 另有 {len(issues) - SHOWN} 行" if zh else
                 f"  … and {len(issues) - SHOWN} more")
    _say(_outcome(report, zh))


def _outcome(report, zh: bool) -> str:
    if report.dry_run:
        if report.refused:
            return (f"试运行：未保存任何内容。有 {report.refused} 行被拒绝，实际导入将不保存任何内容"
                    "（除非使用 --skip-refused）" if zh else
                    f"Dry run: nothing was stored. {report.refused} refused rows would keep the "
                    "import from storing anything (unless --skip-refused)")
        return "试运行：未保存任何内容" if zh else "Dry run: nothing was stored"
    if not report.stored:
        return (f"未导入：有 {report.refused} 行被拒绝，未保存任何内容" if zh else
                f"Not imported: {report.refused} rows were refused, nothing was stored")
    backup = (f"；备份：{report.backup}" if zh else f"; backup: {report.backup}") \
        if report.backup else ""
    return one_line(
        f"已导入为批次 {report.batch_id}（撤销：kam import --undo {report.batch_id}）{backup}"
        if zh else f"Imported as batch {report.batch_id} (undo: kam import --undo "
        f"{report.batch_id}){backup}", 1000)


def _delimiter(char: str) -> str:
    return {"\t": "tab", ",": ",", ";": ";", "|": "|"}.get(char, repr(char))

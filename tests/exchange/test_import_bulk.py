"""The import's bulk path: the same stored rows, report and batch as saving row by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kam_tui.areas.exchange.service import ImportOptions, ImportService, Mode, matching
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.database import open_database
from tests.exchange import files
from tests.exchange.engines import searched
from tests.helpers import TODAY, add_account

pytestmark = pytest.mark.both_engines

MOVING = ("id", "uuid", "created_at", "updated_at", "deleted_at", "owner")  # clocks, databases
HEADER = ["客户名称", "简称", "联系电话", "负责人", "首次合作日期", "保有量（台）", "客户类别", "备注"]


def _sheet(path: Path) -> Path:
    """A sheet of new accounts with refused rows, duplicates of the file and of the database."""
    rows: list[list[Any]] = [HEADER]
    for index in range(40):
        name = f"北京远达物流{index}号有限公司" if index % 3 else f"Northwind Haulage {index} Ltd"
        rows.append([name, "远达" if index % 2 else "", 13800000000.0 + index,
                     "王强" if index % 4 else "李静", 46027.0 + index,
                     "120万" if index % 5 == 0 else float(index), "A" if index % 7 else "B",
                     "年底换车"])
    rows[6][0] = "长" * 201  # refused when it is written: longer than the form takes
    rows[9][5] = "很多"  # refused when it is read: not a number
    rows[14][0] = "北京远达物流 1 号"  # the same as row 3 of the sheet
    rows[20][2] = 13800000000.0 + 1  # the phone of an account made earlier in the file
    rows[25][0] = "已有客户有限公司"  # an account the database holds (upsert updates it)
    rows[33][0] = "上海申通"  # a new account whose name a deleted one had
    return files.xlsx(path, rows, title="2026年大客户名录", date_columns=[4])


def _import(db_path: Path | str, sheet: Path, options: ImportOptions, *, bulk: bool,
            monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """Import the sheet into a new database; return everything the import left behind."""
    with monkeypatch.context() as patch:
        if not bulk:
            patch.setattr(records.RecordKind, "batches", property(lambda kind: False))
        patch.setattr(matching, "CHUNK", 7)  # chunks and held creates cross row boundaries
        patch.setattr(records, "BATCH", 3)
        db = open_database(db_path)
        try:
            add_account("已有客户", region="华北")
            gone = add_account("上海申通有限公司")
            records.soft_delete("account", gone)
            m.Staff.create(name="王强")
            report = ImportService(db, db_path, lambda: TODAY).run(sheet, options)
            return _state(db, report)
        finally:
            db.close()


def _state(db, report) -> tuple[Any, ...]:
    accounts = [{**{k: v for k, v in row.items() if k not in MOVING},
                 "deleted": row["deleted_at"] is not None}
                for row in m.Account.select().order_by(m.Account.id).dicts()]
    owners = [row.owner.name if row.owner else None
              for row in m.Account.select().order_by(m.Account.id)]
    items = list(db.execute_sql(
        "SELECT kind, record_id, action, before, version FROM exchange_batch_item ORDER BY id"))
    keys = list(db.execute_sql(
        "SELECT account_id, name_key, phone_key FROM exchange_account_key ORDER BY account_id"))
    staff = [(row.id, row.name, row.role) for row in m.Staff.select().order_by(m.Staff.id)]
    indexed = searched(db, "yuanda")
    counts = (report.new, report.updated, report.unchanged, report.duplicates, report.refused,
              report.not_found, report.rows, report.stored)
    issues = [(i.row, i.action, i.en, sorted(i.errors), i.record_id) for i in report.issues]
    return counts, issues, accounts, owners, items, keys, staff, indexed


@pytest.mark.parametrize("mode", [Mode.CREATE, Mode.UPSERT])
def test_bulk_import_equals_row_by_row(tmp_path, monkeypatch, mode, new_target) -> None:
    sheet = _sheet(tmp_path / "客户.xlsx")
    options = ImportOptions(mode=mode, skip_refused=True, create_people=True)
    bulk = _import(new_target("bulk"), sheet, options, bulk=True, monkeypatch=monkeypatch)
    row_by_row = _import(new_target("rows"), sheet, options, bulk=False,
                         monkeypatch=monkeypatch)
    for part, (one, other) in zip(("counts", "issues", "accounts", "owners", "items", "keys",
                                   "staff", "indexed"), zip(bulk, row_by_row)):
        assert one == other, part
    counts, issues = bulk[0], bulk[1]
    assert counts[4] == 2 and [row for row, action, *_ in issues if action == "refused"] == [
        8, 11]
    assert any(action == "note" for _, action, *_ in issues)
    assert counts[:2] == ((35, 1) if mode is Mode.UPSERT else (35, 0))
    assert len(bulk[7]) > 20  # the search index knows the new accounts' pinyin


def test_a_refused_row_keeps_every_row_out(db, db_path, tmp_path) -> None:
    sheet = _sheet(tmp_path / "客户.xlsx")
    importer = ImportService(db, db_path, lambda: TODAY)
    report = importer.run(sheet, ImportOptions(create_people=True))
    assert (report.refused, report.stored, report.batch_id) == (2, False, None)
    assert m.Account.select().count() == 0
    assert m.Staff.select().count() == 0  # the people it would have added are not kept either
    assert importer.batches() == []


def test_a_dry_run_reports_what_the_run_does(db, db_path, tmp_path) -> None:
    sheet = _sheet(tmp_path / "客户.xlsx")
    importer = ImportService(db, db_path, lambda: TODAY)
    options = ImportOptions(skip_refused=True, create_people=True)
    planned = importer.plan(sheet, options)
    assert m.Account.select().count() == 0
    done = importer.run(sheet, options)
    assert (planned.stored, done.stored) == (False, True)
    assert _state(db, planned)[0][:-1] == _state(db, done)[0][:-1]
    assert _state(db, planned)[1] == _state(db, done)[1]
    assert m.Account.select().count() == done.new == 37


def test_undo_takes_a_bulk_import_back(db, db_path, tmp_path) -> None:
    kept = add_account("戊公司")
    sheet = _sheet(tmp_path / "客户.xlsx")
    importer = ImportService(db, db_path, lambda: TODAY)
    report = importer.run(sheet, ImportOptions(skip_refused=True, create_people=True))
    assert m.Account.select().count() == 1 + report.new
    result = importer.undo(report.batch_id)
    assert result.removed == report.new + 2  # the accounts, and the two people it added
    assert [row.id for row in m.Account.select()] == [kept]
    assert m.Staff.select().count() == 0
    assert searched(db, "yuanda") == []

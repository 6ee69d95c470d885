"""ImportService: rows become records through the record engine, all or nothing, undoable."""

from __future__ import annotations

import csv
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from kam_tui.areas.exchange.service import (
    MAPPING_KEY,
    ImportOptions,
    ImportService,
    ImportSetupError,
    Mode,
    UndoRefused,
)
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.backup import folder_for, list_backups
from kam_tui.core.state import PersonalState
from tests.exchange import files
from tests.helpers import TODAY, add_account

pytestmark = pytest.mark.both_engines

HEADER = ["客户名称", "简称", "地址", "邮编", "网站", "联系电话", "区域", "负责人", "首次合作日期",
          "首次合作原因", "客户性质", "保有量（台）", "经营范围", "企业规模", "主营业务", "所属行业",
          "行业地位", "业务伙伴", "其竞争对手", "使用区域", "使用环境", "曾购买我方产品", "经销商",
          "信用度", "满意度", "关系紧密度", "客户类别", "客户分层", "客户状态", "生命周期",
          "客户金字塔", "M 有购买力", "A 接触到决策者", "N 有需求", "备注"]
FULL_ROW = ["北京远达物流有限公司", "远达", "北京市朝阳区建国路 1 号", 100020.0, "www.yuanda.cn",
            13800138000.0, "华北", "王强", 46027.0, "价格合适", "企业", 120.0, "跨区域", "大型",
            "城配物流", "物流", "区域龙头", "顺丰", "德邦", "跨省", "高速公路", "是", "华北汽贸",
            "优", "满意", "信赖", "A 战略客户", "巩固提升", "现实客户", "成熟期", "VIP客户", "是",
            "否", "是", "年底换车"]


@pytest.fixture
def importer(db, db_path: Path) -> ImportService:
    return ImportService(db, db_path, lambda: TODAY)


@pytest.fixture
def people(db) -> dict[str, int]:
    return {"王强": m.Staff.create(name="王强", role="rep").id,
            "华北汽贸": m.Staff.create(name="华北汽贸", role="dealer").id}


def _accounts() -> list[m.Account]:
    return list(m.Account.select().order_by(m.Account.id))


def test_every_card_field_from_an_xlsx_with_a_title_row(importer, people, tmp_path) -> None:
    path = files.xlsx(tmp_path / "客户.xlsx", [HEADER, FULL_ROW], title="2026年大客户名录",
                      date_columns=[8])
    report = importer.run(path, ImportOptions())
    assert (report.header_row, report.new, report.refused, report.stored) == (2, 1, 0, True)
    assert all(report.mapping), dict(zip(report.headers, report.mapping))
    (account,) = _accounts()
    values, _ = records.load("account", account.id)
    assert values == {
        "name": "北京远达物流有限公司", "short_name": "远达", "address": "北京市朝阳区建国路 1 号",
        "postcode": "100020", "website": "www.yuanda.cn", "phone": "13800138000",
        "region": "华北", "owner_id": people["王强"], "first_cooperation_date": date(2026, 1, 5),
        "first_cooperation_reason": "价格合适", "nature": "enterprise", "installed_base": 120,
        "operating_scope": "cross_region", "enterprise_size": "large",
        "main_business": "城配物流", "industry": "物流", "industry_position": "区域龙头",
        "business_partners": "顺丰", "own_competitors": "德邦", "usage_region": "cross_province",
        "usage_environment": "highway", "bought_before": True, "dealer_id": people["华北汽贸"],
        "credit_rating": "excellent", "satisfaction": "satisfied", "closeness": "trusted",
        "abc_class": "A", "layer": "consolidate", "status": "current", "lifecycle": "maturity",
        "pyramid": "vip", "man_money": True, "man_authority": False, "man_need": True,
        "notes": "年底换车"}
    assert "yuanda" in account.search_text  # the kind's own hook ran: pinyin of the name


def test_a_gbk_csv_with_leading_zeros_and_missing_classes(importer, tmp_path) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [
        ["单位名称", "电话", "邮编", "保有量"],
        ["济南重汽运输", "05318888666", "025000", "1,200"]])
    report = importer.run(path, ImportOptions())
    assert report.new == 1
    (account,) = _accounts()
    assert (account.phone, account.postcode, account.installed_base) == (
        "05318888666", "025000", 1200)
    # What the sheet leaves out, a new card takes as the form would.
    assert (account.abc_class, account.layer, account.status, account.lifecycle) == (
        "C", "watch", "potential", "acquisition")


def test_hostile_strings_are_stored_as_text(importer, tmp_path) -> None:
    hostile = "\x1b[2J\x1b]0;owned\x07[bold red]坏[/] <script>"
    path = files.excel_utf8_csv(tmp_path / "a.csv", [["客户名称", "备注"], [hostile, "=cmd|'/c calc'!A1"]])
    report = importer.run(path, ImportOptions())
    assert report.new == 1
    (account,) = _accounts()
    assert "\x1b" not in account.name and "\x07" not in account.name
    assert account.name == "[2J]0;owned[bold red]坏[/] <script>"
    assert account.notes == "=cmd|'/c calc'!A1"


def _refusing_file(tmp_path: Path) -> Path:
    return files.xlsx(tmp_path / "a.xlsx", [
        ["客户名称", "保有量", "客户类别"],
        ["甲公司", 10, "A"],
        ["乙公司", "很多", "B"],  # refused: not a number
        ["丙公司", 5, "Z"],  # refused: not a class
        ["丁公司", 7, "C"],
    ], title="名录")


def test_one_refused_row_stores_nothing(importer, tmp_path) -> None:
    report = importer.run(_refusing_file(tmp_path), ImportOptions())
    assert (report.new, report.refused, report.stored, report.batch_id) == (2, 2, False, None)
    assert [issue.row for issue in report.refused_rows] == [4, 5]  # the sheet's own rows
    assert "保有量" not in report.refused_rows[0].en and "Installed base" in \
        report.refused_rows[0].en
    assert _accounts() == []
    assert importer.batches() == []


def test_refused_rows_are_skipped_when_the_rep_asks(importer, tmp_path) -> None:
    report = importer.run(_refusing_file(tmp_path), ImportOptions(skip_refused=True))
    assert (report.new, report.refused, report.stored) == (2, 2, True)
    assert [a.name for a in _accounts()] == ["甲公司", "丁公司"]


def test_the_refused_rows_file_can_be_fixed_and_imported_again(importer, tmp_path) -> None:
    report = importer.plan(_refusing_file(tmp_path), ImportOptions())
    written = importer.write_refused(report, tmp_path / "refused.csv", lang="zh")
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    with open(written, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["客户名称", "保有量", "客户类别", "导入错误 Import error"]
    assert rows[1][:3] == ["乙公司", "很多", "B"] and rows[1][3].startswith("第 4 行")
    assert rows[2][:3] == ["丙公司", "5", "Z"]
    rows[1][1], rows[2][2] = "12", "C"  # the rep fixes them in Excel
    fixed = files.excel_utf8_csv(tmp_path / "fixed.csv", rows)
    again = importer.run(fixed, ImportOptions())
    assert (again.new, again.refused, again.stored) == (2, 0, True)
    assert again.mapping[-1] == ""  # the error column is not imported


def test_a_dry_run_reports_what_the_run_does(importer, tmp_path) -> None:
    add_account("甲公司")
    path = files.gbk_csv(tmp_path / "a.csv", [
        ["客户名称", "保有量"], ["甲公司", "3"], ["乙公司", "4"], ["乙公司", "5"], ["丙", "x"],
        ["丁", "1"]])
    options = ImportOptions(mode=Mode.UPSERT, skip_refused=True)
    planned = importer.plan(path, options)
    assert m.Account.select().count() == 1
    done = importer.run(path, options)

    def summary(report):
        return (report.new, report.updated, report.unchanged, report.duplicates,
                report.refused, report.not_found,
                [(i.row, i.action, i.en) for i in report.issues])

    assert summary(planned) == summary(done)
    assert (done.new, done.updated, done.duplicates, done.refused) == (2, 1, 1, 1)


def test_a_backup_is_taken_before_a_real_run_only(importer, db_path, tmp_path, engine) -> None:
    add_account("甲公司")
    path = files.gbk_csv(tmp_path / "a.csv", [["客户名称"], ["乙公司"]])
    importer.plan(path, ImportOptions())
    assert list_backups(folder_for(db_path)) == []
    report = importer.run(path, ImportOptions())
    if engine == "postgresql":  # a server's database is no file: the server backs it up
        assert report.stored and report.backup is None
        return
    assert report.backup is not None and report.backup.exists()
    assert [b.reason for b in list_backups(folder_for(db_path))] == ["import"]


def test_duplicates_in_the_file_and_in_the_database(importer, tmp_path) -> None:
    add_account("北京远达物流有限公司")
    gone = add_account("上海申通股份有限公司")
    records.soft_delete("account", gone)
    add_account("广州货运", phone="020-8888 6666")
    path = files.gbk_csv(tmp_path / "a.csv", [
        ["客户名称", "电话"],
        ["北京 远达物流", ""],  # the stored account, spelt otherwise
        ["深圳快运有限公司", ""],
        ["深圳快运", ""],  # the row above, spelt otherwise
        ["广州货运物流", "02088886666"],  # another name, the stored phone
        ["上海申通", ""],  # only a deleted account has this name
    ])
    report = importer.run(path, ImportOptions())
    by_row = {issue.row: (issue.action, issue.en) for issue in report.issues}
    assert by_row[2][0] == "duplicate" and "#1" in by_row[2][1]
    assert by_row[4] == ("duplicate", "The same as row 3 of the file")
    assert by_row[5][0] == "duplicate" and "Same phone" in by_row[5][1]
    assert by_row[6][0] == "note" and f"#{gone}" in by_row[6][1]
    assert (report.new, report.duplicates) == (2, 3)


def test_a_deleted_match_is_brought_back_when_asked(importer, tmp_path) -> None:
    gone = add_account("上海申通", region="华东")
    records.soft_delete("account", gone)
    path = files.gbk_csv(tmp_path / "a.csv", [["客户名称", "区域"], ["上海申通有限公司", "华南"]])
    report = importer.run(path, ImportOptions(restore_deleted=True))
    assert (report.new, report.updated) == (0, 1)
    row = m.Account.get_by_id(gone)
    assert (row.deleted_at, row.region, row.name) == (None, "华南", "上海申通有限公司")
    importer.undo(report.batch_id)
    row = m.Account.get_by_id(gone)
    assert row.deleted_at is not None and row.region == "华东"


def test_modes_create_upsert_and_update(importer, tmp_path) -> None:
    first = add_account("甲公司", region="华北", notes="keep me")
    add_account("乙公司", region="华东")
    path = files.gbk_csv(tmp_path / "a.csv", [
        ["客户名称", "区域", "备注"], ["甲公司", "华南", ""], ["乙公司", "华东", ""],
        ["丙公司", "西南", ""]])
    created = importer.plan(path, ImportOptions(mode=Mode.CREATE))
    assert (created.new, created.duplicates) == (1, 2)
    upsert = importer.plan(path, ImportOptions(mode=Mode.UPSERT))
    assert (upsert.new, upsert.updated, upsert.unchanged) == (1, 1, 1)
    update = importer.run(path, ImportOptions(mode=Mode.UPDATE))
    assert (update.new, update.updated, update.unchanged, update.not_found) == (0, 1, 1, 1)
    row = m.Account.get_by_id(first)
    assert (row.region, row.notes, row.version) == ("华南", "keep me", 2)  # empty cells keep


def test_undo_removes_exactly_the_batch(importer, tmp_path) -> None:
    before = add_account("甲公司", region="华北")
    untouched = add_account("戊公司")
    path = files.gbk_csv(tmp_path / "a.csv", [
        ["客户名称", "区域"], ["甲公司", "华南"], ["乙公司", "华东"], ["丙公司", "西南"]])
    report = importer.run(path, ImportOptions(mode=Mode.UPSERT))
    assert (report.new, report.updated) == (2, 1)
    (batch,) = importer.batches()
    assert (batch.id, batch.created, batch.updated) == (report.batch_id, 2, 1)
    result = importer.undo(report.batch_id)
    assert (result.removed, result.restored) == (2, 1)
    assert [(a.id, a.name, a.region) for a in _accounts()] == [
        (before, "甲公司", "华北"), (untouched, "戊公司", "")]
    assert m.Account.select().where(m.Account.search_text.contains("乙")).count() == 0
    with pytest.raises(UndoRefused):
        importer.undo(report.batch_id)  # once is enough


def test_undo_refuses_records_changed_since_unless_forced(importer, tmp_path) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [["客户名称"], ["乙公司"], ["丙公司"]])
    report = importer.run(path, ImportOptions())
    changed = m.Account.get(m.Account.name == "乙公司")
    values, version = records.load("account", changed.id)
    records.save("account", {**values, "notes": "visited"}, today=TODAY, record_id=changed.id,
                 expected_version=version)
    with pytest.raises(UndoRefused) as caught:
        importer.undo(report.batch_id)
    assert caught.value.changed == (("account", changed.id),)
    assert m.Account.select().count() == 2  # nothing was undone
    importer.undo(report.batch_id, force=True)
    assert m.Account.select().count() == 0


def test_contacts_are_linked_to_their_account_by_name(importer, tmp_path) -> None:
    account = add_account("北京远达物流有限公司")
    path = files.unicode_text(tmp_path / "contacts.txt", [
        ["客户名称", "联系人", "手机", "职务", "部门", "主要联系人", "生日"],
        ["北京远达物流", "张伟", "13900139000", "采购经理", "采购部", "是", "1980/3/15"],
        ["北京远达物流", "李娜", "13700137000", "总经理", "", "是", ""],
        ["不存在的公司", "王五", "", "", "", "", ""],
        ["北京远达物流有限公司", "张 伟", "", "", "", "", ""],
    ])
    report = importer.run(path, ImportOptions(kind="contacts", skip_refused=True))
    assert (report.new, report.refused, report.duplicates) == (2, 1, 1)
    assert "No account is named '不存在的公司'" in report.refused_rows[0].en
    contacts = list(m.Contact.select().order_by(m.Contact.id))
    assert [(c.account_id, c.name, c.mobile, c.is_main) for c in contacts] == [
        (account, "张伟", "13900139000", False), (account, "李娜", "13700137000", True)]
    assert contacts[0].birthday == date(1980, 3, 15)
    assert "张伟" in m.Account.get_by_id(account).search_text
    importer.undo(report.batch_id)  # the second main contact's flag taking is the import's own
    assert m.Contact.select().count() == 0
    assert "张伟" not in m.Account.get_by_id(account).search_text


def test_purchases_with_chinese_amounts_and_a_second_import_changes_nothing(
        importer, tmp_path) -> None:
    account = add_account("远达物流")
    rows = [["客户名称", "购买日期", "产品", "数量", "金额"],
            ["远达物流", 46027, "牵引车", 10, "120万"],
            ["远达物流", "2026年3月1日", "挂车", 5.0, "¥1,200,000"]]
    path = files.xlsx(tmp_path / "p.xlsx", rows, date_columns=[1])
    report = importer.run(path, ImportOptions(kind="purchases"))
    assert report.new == 2
    bought = list(m.Purchase.select().order_by(m.Purchase.id))
    assert [(p.account_id, p.purchased_on, p.product, p.quantity, p.amount) for p in bought] == [
        (account, date(2026, 1, 5), "牵引车", 10, 1_200_000),
        (account, date(2026, 3, 1), "挂车", 5, 1_200_000)]
    again = importer.run(path, ImportOptions(kind="purchases"))
    assert (again.new, again.unchanged) == (0, 2)


def test_opportunities_take_their_stage_by_number_or_name(importer, tmp_path) -> None:
    account = add_account("远达物流")
    path = files.semicolon_csv(tmp_path / "o.csv", [
        ["客户名称", "项目名称", "阶段", "金额", "预计成交"],
        ["远达物流", "2026 换车", "比较", "1.2亿", "2026.12.31"],
        ["远达物流", "牵引车补充", "2", "300万", ""],
        ["远达物流", "新线路", "", "", ""],
    ])
    report = importer.run(path, ImportOptions(kind="opportunities"))
    assert report.new == 3
    deals = {o.title: o for o in m.Opportunity.select()}
    assert (deals["2026 换车"].stage, deals["2026 换车"].amount) == (4, 120_000_000)
    assert deals["2026 换车"].expected_close == date(2026, 12, 31)
    assert (deals["牵引车补充"].stage, deals["新线路"].stage) == (2, 1)
    assert all(o.account_id == account for o in deals.values())
    history = m.StageChange.get(m.StageChange.opportunity == deals["2026 换车"].id)
    assert (history.from_stage, history.to_stage) == (None, 4)


def test_activities(importer, tmp_path) -> None:
    add_account("远达物流")
    path = files.gbk_csv(tmp_path / "a.csv", [
        ["客户名称", "日期", "方式", "内容"], ["远达物流", "2026/11/2", "电话", "约拜访"],
        ["远达物流", "2026/11/5", "上门拜访", "看车队"]])
    report = importer.run(path, ImportOptions(kind="activities"))
    assert report.new == 2
    assert sorted(a.kind for a in m.Activity.select()) == ["phone", "visit"]


def test_owners_are_matched_by_name_or_created_on_request(importer, people, tmp_path) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [["客户名称", "业务员"], ["甲", "王 强"], ["乙", "赵六"]])
    refused = importer.run(path, ImportOptions())
    assert refused.refused == 1 and "赵六" in refused.refused_rows[0].en
    report = importer.run(path, ImportOptions(create_people=True))
    assert report.new == 2
    zhao = m.Staff.get(m.Staff.name == "赵六")
    assert [a.owner_id for a in _accounts()] == [people["王强"], zhao.id]
    importer.undo(report.batch_id)
    assert not m.Staff.select().where(m.Staff.name == "赵六").exists()


def test_a_saved_mapping_is_used_for_next_months_sheet(importer, tmp_path) -> None:
    importer.save_mapping("月报", "accounts", ["Kunde", "Tel", "Zone"],
                          ["name", "phone", "region"])
    path = files.gbk_csv(tmp_path / "a.csv", [["Zone", "Kunde", "Tel"], ["华北", "甲", "010-1234567"]])
    report = importer.run(path, ImportOptions(saved_mapping="月报"))
    assert report.mapping == ["region", "name", "phone"]
    assert [(a.name, a.region, a.phone) for a in _accounts()] == [("甲", "华北", "010-1234567")]


def test_a_saved_mapping_is_the_persons_not_the_databases(db, importer) -> None:
    importer.save_mapping("月报", "accounts", ["Kunde", "Tel"], ["name", "phone"])
    again = ImportService(db, None, lambda: TODAY)
    kept = again.load_mapping("月报")
    assert kept is not None and kept["kind"] == "accounts"
    assert sorted(kept["columns"].values()) == ["name", "phone"]
    # A rep's spreadsheets are theirs whichever database they fill: kept in their global state.
    assert json.loads(PersonalState().get(MAPPING_KEY + "月报")) == kept
    assert PersonalState(db).keys(MAPPING_KEY) == []
    assert not m.Setting.select().where(m.Setting.key.startswith(MAPPING_KEY)).exists()


def test_a_file_without_a_name_column_is_said_before_anything(importer, tmp_path) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [["电话"], ["010"]])
    with pytest.raises(ImportSetupError) as caught:
        importer.run(path, ImportOptions())
    assert "客户名称" in caught.value.zh
    with pytest.raises(ImportSetupError):
        importer.plan(path, ImportOptions(kind="contacts"))


def test_a_chosen_header_row(importer, tmp_path) -> None:
    path = files.gbk_csv(tmp_path / "a.csv", [["客户名称"], ["名称"], ["甲"]])
    report = importer.run(path, ImportOptions(header_row=2))
    assert [a.name for a in _accounts()] == ["甲"] and report.header_row == 2

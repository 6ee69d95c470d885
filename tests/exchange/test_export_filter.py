"""`kam export --filter` and `--search`: the records of the accounts they match, nothing else."""

from __future__ import annotations

import csv
import os
import stat

import pytest

from kam_tui.areas.exchange.export_service import ExportRefused, ExportService
from kam_tui.core.db import models as m
from tests.exchange.test_export_command import run
from tests.helpers import add_account

pytestmark = pytest.mark.both_engines


@pytest.fixture
def three(db):
    """Three accounts of different classes, regions and owners, each with one contact."""
    li = m.Staff.create(name="李明", role="rep").id
    wang = m.Staff.create(name="Wang Fang", role="rep").id
    a = add_account("济南重汽运输", abc_class="A", region="华东", owner_id=li)
    b = add_account("北京远达物流", abc_class="B", region="华北", owner_id=li)
    c = add_account("Wangjiang Freight", abc_class="A", region="华东", owner_id=wang)
    for account_id, name in ((a, "张伟"), (b, "王芳"), (c, "John Smith")):
        m.Contact.create(account=account_id, name=name, uuid=f"u-{account_id}")
    return db


def names(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return sorted(row[0] for row in rows[1:])


def export(db, tmp_path, kind="accounts", **options) -> list[str]:
    target = tmp_path / f"{kind}.csv"
    ExportService(db).export(target, "csv", kind, overwrite=True, **options)
    return names(target)


def test_a_class_filter_matches_by_code_or_either_label(three, tmp_path):
    for value in ("A", "a", "A 战略客户", "战略客户"):
        assert export(three, tmp_path, filters=[("class", value)]) == [
            "Wangjiang Freight", "济南重汽运输"]


def test_filters_of_different_fields_all_hold_values_of_one_field_are_alternatives(
        three, tmp_path):
    assert export(three, tmp_path, filters=[("class", "A"), ("region", "华东"),
                                            ("owner", "李明")]) == ["济南重汽运输"]
    assert export(three, tmp_path, filters=[("region", "华东"), ("region", "华北")]) == [
        "Wangjiang Freight", "北京远达物流", "济南重汽运输"]
    assert export(three, tmp_path, filters=[("区域", "华北")]) == ["北京远达物流"]


def test_search_uses_the_accounts_search_text_as_the_list_does(three, tmp_path):
    assert export(three, tmp_path, search="wang") == ["Wangjiang Freight"]
    assert export(three, tmp_path, search="远达") == ["北京远达物流"]
    assert export(three, tmp_path, search="50%_") == []


def test_other_kinds_keep_the_rows_of_the_matching_accounts(three, tmp_path):
    assert export(three, tmp_path, "contacts", filters=[("owner", "wang fang")]) == [
        "Wangjiang Freight"]  # a contact's first column is its account


def test_an_unknown_field_or_value_is_refused_with_what_is_known(three, tmp_path):
    with pytest.raises(ExportRefused) as error:
        export(three, tmp_path, filters=[("colour", "red")])
    assert "colour" in error.value.en and "class" in error.value.en
    assert "未知的筛选字段" in error.value.zh
    with pytest.raises(ExportRefused) as error:
        export(three, tmp_path, filters=[("class", "Z")])
    assert "not one of" in error.value.en
    assert not (tmp_path / "accounts.csv").exists()


def test_the_command_takes_repeatable_filters_and_search(three, db_target, tmp_path, capsys):
    three.close()  # the command opens the database itself, as kam does
    target = tmp_path / "a.csv"
    assert run(["export", "--filter", "class=A", "--filter", "region=华东", "--filter",
                "owner=李明", str(target)], db_target) == 0
    assert names(target) == ["济南重汽运输"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert run(["export", "--search", "wang", "--force", str(target)], db_target) == 0
    assert names(target) == ["Wangjiang Freight"]
    assert "Exported 1 accounts" in capsys.readouterr().out


def test_the_command_explains_a_bad_filter(three, db_target, tmp_path, capsys):
    three.close()
    assert run(["export", "--filter", "classA", str(tmp_path / "a.csv")], db_target) == 2
    assert "FIELD=VALUE" in capsys.readouterr().err
    assert run(["--lang", "zh", "export", "--filter", "size=big", str(tmp_path / "a.csv")],
               db_target) == 2
    assert "未知的筛选字段 'size'" in capsys.readouterr().err
    assert run(["export", "--format", "json", "--filter", "class=A",
                str(tmp_path / "a.json")], db_target) == 2
    assert "JSON" in capsys.readouterr().err
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "a.json").exists()

"""records.create_many: many records in one go, stored exactly as saving them one by one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import ValidationFailed
from tests.helpers import BASE, TODAY, add_account

pytestmark = pytest.mark.both_engines

MOVING = ("id", "uuid", "created_at", "updated_at")  # what differs between any two saves
ACCOUNTS = [
    {**BASE, "name": "北京远达物流有限公司", "short_name": "远达", "phone": "010-8888 6666",
     "installed_base": "120万", "first_cooperation_date": "2026-01-05", "abc_class": "A"},
    {**BASE, "name": "Northwind Haulage Ltd", "short_name": "Northwind", "bought_before": True},
    {**BASE, "name": "重庆长安汽车运输", "installed_base": "", "notes": "两行\n备注"},
    {**BASE, "name": ""},  # refused: the name is required
    {"name": "吕梁绿色货运", "abc_class": "B", "layer": "watch", "status": "current",
     "lifecycle": "growth", "region": "华北"},
]


def _rows(model: type[m.BaseModel], ids: list[int]) -> list[dict[str, Any]]:
    found = {row["id"]: row for row in model.select().where(model.id.in_(ids)).dicts()}
    return [{k: v for k, v in found[i].items() if k not in MOVING} for i in ids]


def _save_one_by_one(kind: str, raws: list[dict[str, Any]], parents: list[int | None] | None
                     = None) -> list[int | ValidationFailed]:
    out: list[int | ValidationFailed] = []
    for raw, parent_id in zip(raws, parents or [None] * len(raws)):
        try:
            out.append(records.save(kind, raw, today=TODAY, parent_id=parent_id))
        except ValidationFailed as failed:
            out.append(failed)
    return out


def _ids(results: list[int | ValidationFailed]) -> list[int]:
    return [each for each in results if not isinstance(each, ValidationFailed)]


def test_accounts_are_stored_as_saving_them_one_by_one(db) -> None:
    owner = m.Staff.create(name="王强").id
    raws = [{**raw, "owner_id": owner} if index == 0 else raw
            for index, raw in enumerate(ACCOUNTS)]
    one_by_one = _save_one_by_one("account", raws)
    many = records.create_many("account", raws, today=TODAY)
    assert [type(each) for each in many] == [type(each) for each in one_by_one]
    refused = many[3]
    assert isinstance(refused, ValidationFailed) and set(refused.errors) == {"name"}
    assert _rows(m.Account, _ids(many)) == _rows(m.Account, _ids(one_by_one))
    first = m.Account.get_by_id(_ids(many)[0])
    assert (first.version, first.owner_id, first.installed_base) == (1, owner, 1_200_000)
    assert "beijing" in first.search_text and "010-8888 6666" in first.search_text


def test_the_search_index_finds_accounts_created_many_at_a_time(db) -> None:
    from kam_tui.areas.customers.queries import AccountQuery, account_ids

    ids = _ids(records.create_many("account", ACCOUNTS, today=TODAY))
    # Five letters: the trigram index (fts5 on SQLite, pg_trgm on PostgreSQL) answers it.
    assert account_ids(AccountQuery(search="yuanda")) == [ids[0]]


def test_rows_beyond_one_batch(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "BATCH", 3)
    raws = [{**BASE, "name": f"客户{index}号"} for index in range(8)]
    ids = _ids(records.create_many("account", raws, today=TODAY))
    assert [m.Account.get_by_id(i).name for i in ids] == [raw["name"] for raw in raws]


def test_a_kind_with_row_hooks_is_created_row_by_row(db) -> None:
    """Two main contacts: the second takes the flag, as when the rep saves them in turn."""
    raws = [{"name": "张伟", "is_main": True, "mobile": "13800138000"},
            {"name": "李静", "is_main": True}, {"name": "王芳"}]
    assert not records.kind_of("contact").batches
    first, second = add_account("甲公司"), add_account("乙公司")
    one_by_one = _save_one_by_one("contact", raws, [first, first, second])
    account, other = add_account("甲公司"), add_account("乙公司")
    many = records.create_many("contact", raws, today=TODAY, parent_ids=[account, account, other])
    strip = [{**row, "account": None} for row in _rows(m.Contact, _ids(many))]
    assert strip == [{**row, "account": None} for row in _rows(m.Contact, _ids(one_by_one))]
    assert [m.Contact.get_by_id(i).is_main for i in _ids(many)] == [False, True, False]
    assert "13800138000" in m.Account.get_by_id(account).search_text


def test_children_without_hooks_take_their_parent(db) -> None:
    account = add_account("甲公司")
    raws = [{"purchased_on": "2026-03-01", "product": "T7", "quantity": "2", "amount": "90万"},
            {"purchased_on": "not a date", "product": "C9"}]
    many = records.create_many("purchase", raws, today=TODAY, parent_ids=[account, account])
    assert isinstance(many[1], ValidationFailed)
    (row,) = m.Purchase.select()
    assert (row.id, row.account_id, row.purchased_on, row.amount) == (
        many[0], account, date(2026, 3, 1), 900_000)


def test_nothing_is_stored_when_the_transaction_fails(db) -> None:
    with pytest.raises(RuntimeError), records.transaction():
        records.create_many("account", ACCOUNTS, today=TODAY)
        raise RuntimeError("the import failed further on")
    assert m.Account.select().count() == 0

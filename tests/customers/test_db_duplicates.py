"""likely_duplicates: the live accounts a new one is likely to be, from the search index."""

from __future__ import annotations

import pytest

from kam_tui.areas.customers import queries as q
from kam_tui.areas.customers.queries import likely_duplicates
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import soft_delete
from tests.helpers import add_account

pytestmark = pytest.mark.both_engines


def names(name: str, phone: str = "", **options) -> list[str]:
    return [found.name for found in likely_duplicates(name, phone, **options)]


def test_the_same_company_spelled_otherwise_is_found(db):
    owner = m.Staff.create(name="王芳", role="rep", region="华南")
    wuwei = add_account("吴伟科技有限公司", region="华南", owner_id=owner.id,
                        phone="020-62897893")
    add_account("吴伟科技物流有限公司")  # holds the key, but is another company
    add_account("Northstar Logistics")
    for typed in ("吴伟 科技", "吴伟科技", "吴伟科技集团", "吴伟科技股份有限公司"):
        assert names(typed) == ["吴伟科技有限公司"], typed
    [found] = likely_duplicates("吴伟科技")
    assert (found.id, found.region, found.owner, found.phone) == (wuwei, "华南", "王芳",
                                                                  "020-62897893")
    assert (found.same_name, found.same_phone) == (True, False)
    assert names("NORTHSTAR logistics co., ltd.") == ["Northstar Logistics"]
    assert names("吴伟物流") == []


def test_a_stored_name_with_spaces_or_brackets_is_found_by_its_pinyin_or_words(db):
    add_account("远达 物流有限公司")
    add_account("恒远（天津）冷链有限公司")
    add_account("Acme  Trading Co., Ltd.")
    assert names("远达物流") == ["远达 物流有限公司"]
    assert names("恒远(天津)冷链") == ["恒远（天津）冷链有限公司"]
    assert names("acme trading") == ["Acme  Trading Co., Ltd."]


def test_the_same_phone_is_found_under_another_name(db):
    add_account("吴伟科技有限公司", phone="020-62897893")
    add_account("Other", phone="13800138000")
    [found] = likely_duplicates("Wuwei Tech", "+86 20 6289 7893")
    assert (found.name, found.same_name, found.same_phone) == ("吴伟科技有限公司", False, True)
    assert names("Someone", "+86 138 0013 8000") == ["Other"]
    assert names("Someone", "6289") == []  # too short to identify a number


def test_same_name_comes_before_same_phone(db):
    add_account("Acme", phone="13800138000")
    add_account("Zed Freight", phone="13900139000")
    assert names("Acme Ltd", "13900139000") == ["Acme", "Zed Freight"]
    found = likely_duplicates("Acme Ltd", "13800138000")
    assert [(f.name, f.same_name, f.same_phone) for f in found] == [("Acme", True, True)]


def test_deleted_accounts_are_not_matches_and_one_can_be_left_out(db):
    gone = add_account("吴伟科技有限公司", phone="020-62897893")
    soft_delete("account", gone)
    assert names("吴伟科技", "020-62897893") == []
    kept = add_account("吴伟科技")
    assert names("吴伟科技") == ["吴伟科技"]
    assert names("吴伟科技", exclude_id=kept) == []


def test_at_most_a_few_are_shown(db):
    for number in range(8):
        add_account(f"Acme Group {'Co.' if number % 2 else 'Ltd'}")
    assert len(likely_duplicates("Acme")) == q.DUPLICATES_SHOWN


def test_nothing_typed_finds_nothing(db):
    add_account("Acme")
    assert likely_duplicates("", "") == []
    assert likely_duplicates("HP") == []  # under three letters: only a phone would find it


def test_the_kind_hook_asks_the_query(db):
    add_account("吴伟科技有限公司")
    found = records.similar("account", {"name": "吴伟 科技", "phone": ""})
    assert [item.name for item in found] == ["吴伟科技有限公司"]
    assert records.similar("contact", {"name": "吴伟 科技"}) == []  # no hook: nothing asked


def test_the_question_reads_the_index_not_the_table(db, engine):
    """100,000 accounts stay fast: the candidates come from the trigram index, by id.

    On PostgreSQL the same LIKE terms are what the list's search asks pg_trgm's GIN index; its
    planner decides by statistics, which a test's few rows do not give.
    """
    if engine != "sqlite":
        pytest.skip("PostgreSQL plans by statistics")
    sql, params = q.candidate_sql([("吴伟科技",), ("wuweikeji",)], exclude_id=1)
    plan = m.Account._meta.database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    details = [row[-1] for row in plan]
    assert "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)" in details, details
    assert any("account_search VIRTUAL TABLE INDEX" in line for line in details), details
    assert "SCAN a" not in details, details  # the accounts are read by id only

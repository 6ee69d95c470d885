"""The trigram search index stays in step with the accounts and answers like a full scan."""

from __future__ import annotations

import pytest

from kam_tui.areas.customers.queries import AccountQuery, count_accounts, page_accounts
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save, soft_delete
from kam_tui.sample.synthetic import generate
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines

BASE = {"abc_class": "C", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}


def names(search: str) -> list[str]:
    return [row.name for row in page_accounts(AccountQuery(search=search), 0, 100)]


def scan(term: str) -> int:
    db = m.Account._meta.database
    return db.execute_sql("SELECT COUNT(*) FROM account WHERE deleted_at IS NULL AND "
                          "instr(search_text, ?) > 0", [term]).fetchone()[0]


def test_new_renamed_and_deleted_accounts(db):
    first = save("account", {**BASE, "name": "吴伟科技有限公司", "short_name": "吴伟科技"},
                 today=TODAY)
    assert names("wwkj") == ["吴伟科技有限公司"]
    assert names("wuwei") == ["吴伟科技有限公司"]
    save("account", {**BASE, "name": "Northstar Logistics"}, today=TODAY, record_id=first,
         expected_version=1)
    assert names("wwkj") == []  # the old name's pinyin left the index with the rename
    assert names("NORTH") == ["Northstar Logistics"]  # case does not matter
    soft_delete("account", first)
    assert names("north") == []


def test_short_terms_and_like_wildcards_still_work(db):
    save("account", {**BASE, "name": "50% Freight_Co"}, today=TODAY)
    save("account", {**BASE, "name": "5000 Freight"}, today=TODAY)
    assert names("50%") == ["50% Freight_Co"]  # % is a character here, not a wildcard
    assert names("t_c") == ["50% Freight_Co"]
    assert sorted(names("50")) == ["50% Freight_Co", "5000 Freight"]


def test_index_agrees_with_a_full_scan_on_a_synthetic_database(tmp_path):
    from kam_tui.core.db.database import open_database

    path = tmp_path / "synthetic.db"
    generate(path, 300, seed=3, today=TODAY)
    db = open_database(path)
    try:
        for term in ("wang", "zhang", "logistics", "138", "李", "物流", "zzzz"):
            assert count_accounts(AccountQuery(search=term)) == scan(term), term
    finally:
        db.close()


def test_quotes_and_operators_in_a_search_are_plain_text(db):
    save("account", {**BASE, "name": 'The "Best" Trucks OR NOT'}, today=TODAY)
    assert names('"best"') == ['The "Best" Trucks OR NOT']
    assert names("OR NOT") == ['The "Best" Trucks OR NOT']
    assert names("AND") == []

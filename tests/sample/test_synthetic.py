"""The synthetic benchmark databases: sizes per account, reproducibility, and search text."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from kam_tui.core.db import models as m
from kam_tui.core.domain.search import search_text
from kam_tui.sample.synthetic import generate
from tests.helpers import TODAY

ACCOUNTS = 200


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """Generate one 200-account database for the whole module."""
    path = tmp_path_factory.mktemp("synthetic") / "kam.db"
    counts = generate(path, ACCOUNTS, seed=1, today=TODAY)
    return path, counts


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Run one query on a database file and return all its rows."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(("table", "low", "high"), [
    ("contact", 2.6, 3.4),      # 1..5 per account
    ("opportunity", 0.35, 0.65),  # one open opportunity for about half of them
    ("activity", 4.5, 5.5),     # 2..8
    ("purchase", 3.0, 5.0),     # about 4 over all accounts
    ("revisit", 1.6, 2.4),      # 0..4
])
def test_rows_per_account_are_in_the_stated_ballpark(synthetic, table, low, high):
    _path, counts = synthetic
    assert counts["account"] == ACCOUNTS
    assert low <= counts[table] / ACCOUNTS <= high


def test_about_a_quarter_of_the_accounts_are_english(synthetic):
    path, _counts = synthetic
    names = [name for (name,) in rows(path, "SELECT name FROM account")]
    english = sum(name.isascii() for name in names)
    assert 0.15 <= english / len(names) <= 0.35


def test_every_opportunity_has_a_stage_history_ending_at_its_stage(synthetic):
    path, _counts = synthetic
    mismatched = rows(path, """
        SELECT o.id FROM opportunity o
        WHERE o.stage != (SELECT s.to_stage FROM stage_change s
                          WHERE s.opportunity_id = o.id ORDER BY s.id DESC LIMIT 1)""")
    assert mismatched == []


def test_the_same_seed_gives_the_same_data(synthetic, tmp_path):
    path, counts = synthetic
    again = tmp_path / "again.db"
    assert generate(again, ACCOUNTS, seed=1, today=TODAY) == counts
    query = "SELECT id, uuid, name, search_text FROM account ORDER BY id"
    assert rows(again, query) == rows(path, query)


def test_another_seed_gives_other_names(synthetic, tmp_path):
    path, _counts = synthetic
    other = tmp_path / "other.db"
    generate(other, ACCOUNTS, seed=2, today=TODAY)
    query = "SELECT name FROM account ORDER BY id"
    assert rows(other, query) != rows(path, query)


def test_stored_search_text_is_what_the_domain_rule_computes(synthetic):
    path, _counts = synthetic
    ids = random.Random(0).sample(range(1, ACCOUNTS + 1), 20)
    for account_id in ids:
        [(name, short_name, phone, stored)] = rows(
            path, "SELECT name, short_name, phone, search_text FROM account WHERE id = ?",
            (account_id,))
        contacts = [n for (n,) in rows(
            path, "SELECT name FROM contact WHERE account_id = ? ORDER BY id", (account_id,))]
        assert stored == search_text(name, short_name, phone, contacts), name


def test_generate_gives_the_models_back_their_database(db, tmp_path):
    generate(tmp_path / "side.db", 5, seed=1, today=TODAY)
    assert m.database_proxy.obj is db
    assert m.Account.select().count() == 0  # still the fixture's empty database

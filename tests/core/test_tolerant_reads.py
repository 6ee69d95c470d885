"""Tolerant reads: a stored value that does not parse reads as None, and is found by the scan."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kam_tui.core.db import models as m
from kam_tui.core.db.invalid import invalid_fields, scan_invalid
from kam_tui.core.db.sql import as_date, as_datetime, as_int
from tests.helpers import add_account, add_deal

BAD = [
    ("account", "first_cooperation_date", "'2026-02-30'", "2026-02-30"),
    ("account", "first_cooperation_date", "''", ""),
    ("account", "first_cooperation_date", "'garbage'", "garbage"),
    ("account", "installed_base", "9e999", "Inf"),
    ("account", "installed_base", "'NaN'", "NaN"),
    ("account", "updated_at", "'not a time'", "not a time"),
    ("account", "created_at", "'2026-11-23 25:00:00'", "2026-11-23 25:00:00"),
]


@pytest.mark.parametrize(("table", "column", "sql", "raw"), BAD)
def test_a_bad_value_reads_as_none_and_is_found(db, table, column, sql, raw):
    account = add_account("Acme")
    db.execute_sql(f"UPDATE {table} SET {column} = {sql} WHERE id = ?", (account,))
    assert getattr(m.Account.get_by_id(account), column) is None
    assert invalid_fields(m.Account, account) == {column: raw}
    found = [(v.table, v.row_id, v.field, v.raw) for v in scan_invalid(db)]
    assert found == [(table, account, column, raw)]


def test_good_values_are_not_reported(db):
    account = add_account("Acme", first_cooperation_date=date(2024, 2, 29), installed_base=12)
    add_deal(account, "Fleet", stage=6, amount=2_000_000)
    m.Opportunity.update(stage_entered_at=datetime(2026, 11, 1, 9, 30, 0, 120)).execute()
    assert list(scan_invalid(db)) == []
    assert invalid_fields(m.Account, account) == {}
    assert m.Account.get_by_id(account).first_cooperation_date == date(2024, 2, 29)


def test_a_time_just_before_the_next_second_is_valid(db):
    # SQLite's datetime() rounds .9995 s and more up to the next second: the check must not.
    account = add_account("Acme")
    m.Account.update(created_at=datetime(2026, 12, 3, 23, 59, 59, 999848)).execute()
    assert list(scan_invalid(db)) == []
    assert invalid_fields(m.Account, account) == {}


def test_stage_codes_outside_the_vocabulary_and_huge_numbers(db):
    deal = add_deal(add_account("Acme"), "Fleet")
    db.execute_sql("UPDATE opportunity SET stage = 99, amount = 9e999 WHERE id = ?", (deal,))
    row = m.Opportunity.get_by_id(deal)
    assert row.stage is None and row.amount is None
    assert invalid_fields(m.Opportunity, deal) == {"stage": "99", "amount": "Inf"}
    assert {(v.field, v.raw) for v in scan_invalid(db)} == {("stage", "99"), ("amount", "Inf")}


def test_the_scan_is_bounded_per_column(db):
    for name in ("A", "B", "C"):
        add_account(name)
    db.execute_sql("UPDATE account SET installed_base = 'x'")
    assert len(list(scan_invalid(db, limit_per_column=2))) == 2
    assert len(list(scan_invalid(db))) == 3


@pytest.mark.parametrize("text", ["2026-02-30", "", "garbage", "2026-13-45", "20261123",
                                  "2026-11-23T10:00", None, 5, float("inf")])
def test_as_date_gives_none_for_what_is_not_a_date(text):
    assert as_date(text) is None


def test_the_parsers_read_what_peewee_writes():
    assert as_date("2026-11-23") == date(2026, 11, 23)
    assert as_date("2026-11-23 10:00:00") == date(2026, 11, 23)
    assert as_datetime("2026-11-23 10:00:00.5") == datetime(2026, 11, 23, 10, 0, 0, 500000)
    assert as_datetime("not a time") is None
    assert as_int(12.0) == 12 and as_int(float("nan")) is None and as_int("12") is None
    assert as_int(10**16) is None

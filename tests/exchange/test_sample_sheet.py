"""The sample sheet shipped in examples/: what its script writes, and it imports cleanly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kam_tui.areas.exchange.readers.table import open_table
from kam_tui.areas.exchange.service import ImportOptions, ImportService
from kam_tui.core.db import models as m
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _script():
    spec = importlib.util.spec_from_file_location("make_customers",
                                                  EXAMPLES / "make_customers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_sheet_is_what_its_script_writes(tmp_path) -> None:
    fresh = _script().write(tmp_path / "customers.xlsx")
    assert list(open_table(fresh).rows()) == list(open_table(EXAMPLES / "customers.xlsx").rows())


def test_the_sample_imports_every_row(db, db_path) -> None:
    report = ImportService(db, db_path, lambda: TODAY).run(
        EXAMPLES / "customers.xlsx", ImportOptions(create_people=True))
    assert (report.header_row, report.new, report.refused, report.duplicates) == (2, 30, 0, 0)
    amounts = {row.installed_base for row in m.Account.select()}
    assert any(amount and amount >= 100_000 and amount % 100_000 == 0 for amount in amounts)
    assert m.Account.select().where(m.Account.first_cooperation_date.is_null()).count() == 0

"""A 100,000-account export streams: pages of rows in id order, never the whole table."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kam_tui.areas.exchange.export_service import ExportService
from kam_tui.areas.exchange.queries import export_rows
from kam_tui.areas.exchange.rules import json_format
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import execute_many

pytestmark = pytest.mark.both_engines

ACCOUNTS = 100_000


@pytest.fixture
def many(db):
    """100,000 accounts, written straight in SQL (the record engine would take minutes)."""
    template = m.Account(name="x", abc_class="B")
    data = {field.column_name: field.db_value(getattr(template, field.name))
            for field in m.Account._meta.sorted_fields if field.name != "id"}
    columns = list(data)
    rows = ([f"{n:032x}" if c == "uuid" else f"客户{n:06d}有限公司" if c == "name"
             else f"备注 {n}" if c == "notes" else data[c] for c in columns]
            for n in range(ACCOUNTS))  # a generator: the test's own memory stays small too
    marks = ", ".join("?" * len(columns))
    with db.atomic():
        execute_many(db, f"INSERT INTO account ({', '.join(columns)}) VALUES ({marks})", rows)
    return db


def _peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1))


@contextmanager
def peak_growth() -> Iterator[list[int]]:
    """Measure how far the process's peak memory grows in the block, in bytes.

    On Linux the peak resident size is reset first (cheap, the export runs at full speed);
    elsewhere tracemalloc counts Python's allocations (slower).
    """
    growth: list[int] = []
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        before = _peak_rss_kb()
    except OSError:
        tracemalloc.start()
        try:
            yield growth
            growth.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        return
    yield growth
    growth.append((_peak_rss_kb() - before) * 1024)


def test_a_100k_account_csv_export_holds_one_page_at_a_time(many, tmp_path, monkeypatch):
    seen = {"rows": 0, "pages": 0}
    real = export_rows._pages

    def counting(query, id_field, page=export_rows.PAGE):
        for row in real(query, id_field, page):
            seen["rows"] += 1
            yield row
        seen["pages"] += 1

    monkeypatch.setattr(export_rows, "_pages", counting)
    with peak_growth() as growth:
        done = ExportService(many, "zh").export(tmp_path / "a.csv", "csv", "accounts")
    assert done.counts == {"accounts": ACCOUNTS} == {"accounts": seen["rows"]}
    with many.connection_context(), peak_growth() as whole:
        held = list(export_rows.rows_of("accounts").rows)  # what streaming avoids
    assert len(held) == ACCOUNTS
    del held
    # Holding the rows costs tens of MB; streaming them costs a page (and the file's buffers).
    assert growth[0] < min(30_000_000, whole[0] / 3), (
        f"peak grew by {growth[0] / 1e6:.1f} MB streaming, {whole[0] / 1e6:.1f} MB holding")
    with (tmp_path / "a.csv").open(encoding="utf-8-sig") as handle:
        assert sum(1 for _ in handle) == ACCOUNTS + 1


def test_kam_reads_its_own_json_a_row_a_line(db, tmp_path):
    from tests.helpers import add_account

    for n in range(5):
        add_account(f"客户{n}")
    target = tmp_path / "all.json"
    ExportService(db, "en").export(target, "json")
    with target.open(encoding="utf-8") as stream:
        meta, rows = json_format.read_lines(stream)  # no LayoutError: the fast path
        accounts = [row for table, row in rows if table == "account"]
    assert meta["format"] == json_format.FORMAT and len(accounts) == 5

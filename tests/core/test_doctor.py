"""kam check: damage, the search index, dangling references and invalid values, by record."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from kam_tui.core.db.backup import make_backup
from kam_tui.core.db.database import SCHEMA_VERSION, open_database
from kam_tui.core.db.doctor import check_file
from tests.helpers import add_account


def kam_copy(tmp_path: Path, *accounts: str) -> Path:
    """Return a closed, standalone kam database holding these accounts."""
    db = open_database(tmp_path / "live.db")
    try:
        for name in accounts:
            add_account(name, phone="13800000000")
    finally:
        db.close()
    return make_backup(tmp_path / "live.db", tmp_path / "copy.db")


def problems(path: Path) -> dict[str, tuple[str, ...]]:
    report = check_file(path)
    return {s.title: s.problems for s in report.sections if s.problems}


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_a_sound_file_passes_and_is_not_changed(tmp_path: Path) -> None:
    path = kam_copy(tmp_path, "Northstar", "吴伟科技")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    report = check_file(path)
    assert report.ok and report.version == SCHEMA_VERSION, report
    assert [s.title for s in report.sections] == [
        "integrity", "search index", "foreign keys", "stored values"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "live.db"]  # nothing beside


def test_bytes_overwritten_in_the_middle_are_found(tmp_path: Path) -> None:
    path = kam_copy(tmp_path, *(f"Account {n}" for n in range(40)))
    size = path.stat().st_size
    with open(path, "r+b") as file:
        file.seek(size // 2)
        file.write(b"\x00\xff" * 2048)
    report = check_file(path)
    assert not report.ok
    assert "integrity" in problems(path) or report.refused


def test_a_search_index_out_of_step_is_found(tmp_path: Path) -> None:
    path = kam_copy(tmp_path, "Northstar")
    sql(path, "INSERT INTO account_search (account_search, rowid, search_text) "
              "SELECT 'delete', id, search_text FROM account")
    assert list(problems(path)) == ["search index"]


def test_a_record_naming_a_missing_one_is_listed(tmp_path: Path) -> None:
    path = kam_copy(tmp_path, "Northstar")
    sql(path, "PRAGMA foreign_keys = OFF", "UPDATE account SET owner_id = 999")
    found = problems(path)
    assert list(found) == ["foreign keys"]
    assert found["foreign keys"] == (
        "account #1: owner_id = 999 names a staff that does not exist",)


@dataclass(frozen=True)
class Bad:
    table: str
    row_id: int
    field: str
    raw: str


def test_invalid_values_are_listed_by_record_and_escaped(tmp_path: Path, monkeypatch) -> None:
    path = kam_copy(tmp_path, "Northstar")
    fake = types.ModuleType("kam_tui.core.db.invalid")
    fake.scan_invalid = lambda db: [Bad("revisit", 7, "due_on", "2026-02-30"),
                                    Bad("account", 2, "phone", "A\x1b]52;c;UFdORUQ=\x07"),
                                    Bad("revisit", 7, "done_on", "")]
    monkeypatch.setitem(sys.modules, "kam_tui.core.db.invalid", fake)
    found = problems(path)["stored values"]
    assert found[0].startswith("account #2: invalid phone ")
    assert "\x1b" not in found[0] and "\x07" not in found[0]
    assert found[1] == "revisit #7: invalid due_on '2026-02-30', done_on ''"


def test_without_the_scan_the_check_says_so(tmp_path: Path, monkeypatch) -> None:
    path = kam_copy(tmp_path, "Northstar")
    monkeypatch.setitem(sys.modules, "kam_tui.core.db.invalid", None)  # import fails
    report = check_file(path)
    assert report.ok and "cannot check" in report.sections[-1].skipped


@pytest.mark.parametrize(("make", "said", "cause"), [
    (lambda p: p.write_text("hello"), "not a SQLite file", "not kam"),
    (lambda p: p.write_bytes(b""), "not a SQLite file", "not kam"),
    (lambda p: sql(p, "CREATE TABLE other (x)"), "not a kam database", "not kam"),
    (lambda p: sql(p, "CREATE TABLE account (x)", f"PRAGMA user_version = {SCHEMA_VERSION + 1}"),
     "newer", "too new"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000), "damaged", "damaged"),
])
def test_what_is_not_a_kam_database_is_refused(tmp_path: Path, make, said: str,
                                               cause: str) -> None:
    path = tmp_path / "file.db"
    make(path)
    report = check_file(path)
    assert not report.ok and said in report.refused and report.cause == cause

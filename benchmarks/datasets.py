"""Synthetic databases for the benchmark, cached by size and seed, and what their screens show."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from floor_app import matches

import kam_tui
from kam_tui.areas.customers.queries import AccountQuery
from kam_tui.areas.customers.service import AccountService
from kam_tui.core.db import models as m
from kam_tui.core.db.database import open_database
from kam_tui.core.domain import vocab
from kam_tui.sample import synthetic
from kam_tui.ui.kit import format as fmt

TODAY = date(2026, 11, 23)
FLOOR_ROWS = 100


@dataclass(frozen=True)
class Dataset:
    """A generated database file and how long generating it took."""

    accounts: int
    seed: int
    path: Path
    seconds: float
    cached: bool
    counts: dict[str, int]


def generator_hash() -> str:
    """Return a short hash of the generator and the schema, so changing either rebuilds caches."""
    package = Path(kam_tui.__file__).parent
    sources = sorted((package / "sample").rglob("*.py")) + [
        package / "core" / "db" / "database.py", package / "core" / "db" / "models.py"]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def ensure_database(out: Path, accounts: int, seed: int) -> Dataset:
    """Return the cached database for (accounts, seed), generating it first if needed."""
    prefix = f"synthetic-{accounts}-seed{seed}-{TODAY.isoformat()}-"
    stem = prefix + generator_hash()
    path, meta_path = out / f"{stem}.db", out / f"{stem}.json"
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        return Dataset(accounts, seed, path, meta["seconds"], True, meta["counts"])
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(prefix + "*"):  # made by an older generator or schema
        stale.unlink()
    started = time.perf_counter()
    counts = synthetic.generate(path, accounts, seed, today=TODAY)
    seconds = time.perf_counter() - started
    meta_path.write_text(json.dumps({"seconds": seconds, "counts": counts}, indent=1))
    return Dataset(accounts, seed, path, seconds, False, counts)


def fresh_copy(source: Path, target: Path) -> None:
    """Replace target with a copy of the database at source (its WAL too), flushed to disk."""
    synthetic.remove_database_files(target)
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{target}-wal"))
    os.sync()  # so writing the copy back does not compete with the runs


class Expectations:
    """What kam-tui's list shows for a query on a database: the count and the first name."""

    def __init__(self, path: Path) -> None:
        db = open_database(path)
        self.db = db
        self.service = AccountService(db, lambda: TODAY)
        self._counts: dict[str, int] = {}
        self._names: dict[str, str | None] = {}
        self.total = self.count("")

    def _bind(self) -> None:
        """Point the models at this database: open_database binds them to the last one opened."""
        m.database_proxy.initialize(self.db)

    def count(self, search: str) -> int:
        """Return how many accounts the list shows for a search."""
        if search not in self._counts:
            self._bind()
            self._counts[search] = self.service.count(AccountQuery(search=search))
        return self._counts[search]

    def first_name(self, search: str) -> str | None:
        """Return the name on the list's first row for a search, if any."""
        if search not in self._names:
            self._bind()
            rows = self.service.page(AccountQuery(search=search), 0, 1)
            self._names[search] = rows[0].name if rows else None
        return self._names[search]

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()


class FloorExpectations:
    """What the floor app shows for a query on its rows."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows
        self.total = len(rows)

    def count(self, search: str) -> int:
        """Return how many of the floor's rows match a search."""
        return sum(matches(row["haystack"], search) for row in self.rows)

    def first_name(self, search: str) -> str | None:
        """Return the name in the floor's first matching row, if any."""
        for row in self.rows:
            if matches(row["haystack"], search):
                return row["cells"][0]
        return None

    def close(self) -> None:
        """Nothing to close."""


def floor_rows(out: Path, source: Path) -> tuple[Path, list[dict]]:
    """Write the floor's 100 rows (every n-th account of a database, by name) to JSON."""
    db = open_database(source)
    try:
        service = AccountService(db, lambda: TODAY)
        step = max(service.count(AccountQuery()) // FLOOR_ROWS, 1)
        page = service.page(AccountQuery(), 0, FLOOR_ROWS * step)[::step][:FLOOR_ROWS]
        conn = db.connection()
        haystacks = dict(conn.execute("SELECT id, search_text FROM account").fetchall())
    finally:
        db.close()
    rows = [{
        "cells": [row.name, row.abc_class, vocab.Layer.label_of(row.layer, "en"),
                  vocab.AccountStatus.label_of(row.status, "en"), row.region, row.owner,
                  fmt.amount(row.pipeline) if row.pipeline else "—", fmt.day(row.last_contact),
                  fmt.day(row.next_revisit)],
        "haystack": haystacks[row.id],
    } for row in page]
    for stale in out.glob("floor-rows-*.json"):
        stale.unlink()
    path = out / f"floor-rows-{source.stem}.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=0))
    return path, rows


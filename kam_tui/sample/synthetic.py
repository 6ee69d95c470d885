"""Large synthetic databases for benchmarks: many accounts, generated fast and reproducibly.

    python -m kam_tui.sample.synthetic /tmp/kam-100k.db --accounts 100000 --seed 1

Per account, on average: 3 contacts, 0.5 open opportunities (stages 1-6, with their stage
history), 5 activities, 4 purchases and 2 revisits; about a quarter of the accounts are English.

Speed comes from three things: rows are written with ``executemany`` in batches inside one
transaction, the secondary indexes are dropped during the load and rebuilt afterwards, and the
file runs with ``synchronous=OFF`` and no rollback journal while it is being filled (the normal
pragmas are restored at the end; a failed run deletes the half-written file).

pypinyin is far too slow to call per row, so Chinese names are composed from small tables of
characters and words whose pinyin is carried alongside. The tables were checked against
pypinyin in every combination the generator makes, so the stored ``search_text`` is exactly what
``kam_tui.core.domain.search.search_text`` computes (tests/sample/test_synthetic.py checks a sample).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db.database import PRAGMAS, open_database, rebuild_search_index
from kam_tui.sample.bulk_sql import remove_database_files
from kam_tui.sample.demo import table_counts
from kam_tui.sample.synthetic_rows import RowGenerator

__all__ = ["generate", "main", "remove_database_files"]

# --- the generator ------------------------------------------------------------------------------


def generate(path: str | Path, accounts: int, seed: int = 1, *,
             today: date | None = None) -> dict[str, int]:
    """Create a NEW database at path filled with `accounts` synthetic accounts; return row counts.

    An existing file at path (and its -wal/-shm) is deleted first. The same (accounts, seed,
    today) always gives the same data, row ids and UUIDs included; `today` defaults to the
    current date and anchors every date in the data.
    """
    if accounts < 0:
        raise ValueError("accounts must be zero or more")
    today = today or date.today()
    path = Path(path)
    remove_database_files(path)
    previous = m.database_proxy.obj  # open_database rebinds the models; give them back after
    db = open_database(path)
    try:
        _fill(db, accounts, seed, today)
        counts = table_counts(db)
    except BaseException:
        db.close()
        remove_database_files(path)
        raise
    finally:
        if not db.is_closed():
            db.close()
        m.database_proxy.initialize(previous)
    return counts


def _fill(db: pw.SqliteDatabase, accounts: int, seed: int, today: date) -> None:
    conn = db.connection()
    # Secondary indexes and the search-index triggers are set aside during the load: building
    # them once at the end is much faster than keeping them up to date row by row.
    indexes = [
        (name, sql) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    ]
    triggers = [
        (name, sql) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    ]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        with db.atomic():
            for name, _sql in indexes:
                conn.execute(f'DROP INDEX "{name}"')
            for name, _sql in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            RowGenerator(conn, seed, today).run(accounts)
            for _name, sql in indexes:
                conn.execute(sql)
            for _name, sql in triggers:
                conn.execute(sql)
            rebuild_search_index(db)
    finally:
        conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']}")
        conn.execute("PRAGMA temp_store = DEFAULT")
        conn.execute(f"PRAGMA journal_mode = {PRAGMAS['journal_mode']}")
        conn.execute(f"PRAGMA synchronous = {PRAGMAS['synchronous']}")
        conn.execute(f"PRAGMA foreign_keys = {PRAGMAS['foreign_keys']}")


# --- command line -------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    """Generate a synthetic database and print the row counts and the time taken."""
    parser = argparse.ArgumentParser(
        prog="python -m kam_tui.sample.synthetic",
        description="Create a synthetic kam-tui database for benchmarks "
                    "(an existing file at PATH is replaced).")
    parser.add_argument("path", metavar="PATH")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="anchor date, YYYY-MM-DD (default: today)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.perf_counter()
    counts = generate(args.path, args.accounts, args.seed, today=args.today)
    seconds = time.perf_counter() - started
    for table, count in counts.items():
        print(f"{table:<20}{count:>12,}")
    size = Path(args.path).stat().st_size
    print(f"{'total rows':<20}{sum(counts.values()):>12,}")
    print(f"{args.path}: {size / 1_048_576:.1f} MiB in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

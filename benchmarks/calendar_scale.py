"""How the revisit calendar scales: cadence generation and the month view on a large database.

    .venv/bin/python benchmarks/calendar_scale.py [--accounts 10000] [--revisits 50000]

Builds a synthetic database (kam_tui.sample.synthetic) in a temporary folder, runs the cadence
rules over every account (first run, then an idempotent second run, then one account after a
completed revisit), tops the revisit table up to --revisits rows spread over a year, and times
what the calendar's screens ask for: the month grid's aggregates, a week agenda, the Today list
with its decline warnings, and the iCalendar export. Each read is the best of five runs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kam_tui.areas.calendar.service import CalendarService  # noqa: E402
from kam_tui.core.db import models as m  # noqa: E402
from kam_tui.core.db.database import open_database  # noqa: E402
from kam_tui.sample import synthetic  # noqa: E402

TODAY = date(2026, 11, 23)


def timed(label: str, call: Callable[[], Any], runs: int = 1) -> Any:
    """Run call `runs` times, print the best time in ms, and return the last result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    print(f"  {label:<46} {best * 1000:9.1f} ms")
    return result


def top_up(db: Any, target: int, seed: int = 5) -> int:
    """Add planned and done revisits over a year around today until the table holds target."""
    have = m.Revisit.select().count()
    missing = max(target - have, 0)
    if not missing:
        return have
    rnd = random.Random(seed)
    accounts = [row[0] for row in db.execute_sql("SELECT id FROM account").fetchall()]
    kinds = ("visit", "phone", "email", "meeting", "gift")
    now = str(m.utcnow())
    rows = []
    for index in range(missing):
        due = TODAY + timedelta(days=rnd.randrange(-180, 180))
        status = "planned" if due >= TODAY or rnd.random() < 0.1 else rnd.choice(
            ("done", "done", "skipped"))
        rows.append((f"bench{seed:02d}{index:022d}", now, now, 1, rnd.choice(accounts),
                     due.isoformat(), rnd.choice(kinds), "manual", f"bench/{index}", status,
                     "", ""))
    with db.atomic():
        db.execute_sql("SELECT 1")
        db.connection().executemany(
            "INSERT INTO revisit (uuid, created_at, updated_at, version, account_id, due_on, "
            "kind, rule, rule_key, status, skip_reason, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            rows)
    return m.Revisit.select().count()


def main(argv: list[str] | None = None) -> int:
    """Build the database, run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--revisits", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="kam-cal-bench-"))
    path = folder / "calendar.db"
    print(f"kam-tui calendar scale, today {TODAY}, {args.accounts:,} accounts")
    started = time.perf_counter()
    counts = synthetic.generate(path, args.accounts, args.seed, today=TODAY)
    print(f"  synthetic database: {time.perf_counter() - started:.1f} s, "
          f"{counts['account']:,} accounts, {counts['contact']:,} contacts, "
          f"{counts['activity']:,} activities, {counts['revisit']:,} revisits")
    db = open_database(path)
    service = CalendarService(db, lambda: TODAY)

    print("cadence generation (set-based SQL):")
    first = timed("first run, every account", service.generate)
    print(f"    created {first.created:,}, superseded {first.superseded:,}")
    second = timed("second run (idempotent)", service.generate)
    print(f"    created {second.created:,}, superseded {second.superseded:,}")
    one = m.Revisit.alive().where(m.Revisit.status == "planned").order_by(m.Revisit.due_on).first()
    timed("complete one revisit (+ that account's rules)", lambda: service.complete(
        one.id, one.version, {"occurred_on": "today", "kind": "visit", "summary": "bench"}))

    total = top_up(db, args.revisits)
    print(f"revisit table: {total:,} rows")
    print("what the screens ask (best of 5):")
    timed("month grid aggregates (November)", lambda: service.month(2026, 11), runs=5)
    timed("month grid aggregates (December, zh)", lambda: service.month(2026, 12, "zh"), runs=5)
    week = (TODAY - timedelta(days=TODAY.weekday()), TODAY + timedelta(days=6 - TODAY.weekday()))
    count, _rows = timed("week agenda: count + first page", lambda: service.agenda(*week), runs=5)
    print(f"    {count:,} revisits this week")
    size, overdue, rows = timed("Today list: count, overdue, first page", service.today_list,
                                runs=5)
    print(f"    {size:,} in the Today list, {overdue:,} overdue")
    timed("decline warnings for a page of 100 rows",
          lambda: service.warnings(row.account_id for row in rows), runs=5)
    timed("Today list: page 50 (offset 5,000)", lambda: service.today_page(5_000, 100), runs=5)
    exported = timed("export .ics (next 90 days + overdue)",
                     lambda: service.export_ics(folder / "out.ics"), runs=1)
    print(f"    {exported:,} events, {(folder / 'out.ics').stat().st_size / 1e6:.1f} MB")
    db.close()
    synthetic.remove_database_files(path)
    (folder / "out.ics").unlink(missing_ok=True)
    folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

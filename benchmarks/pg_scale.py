"""kam-tui on PostgreSQL beside SQLite: the same service calls on the same data, in one run.

    .venv/bin/python benchmarks/pg_scale.py [--accounts 100000] [--repeat 7] [--keep]
                                             [--out benchmarks/out/pg_scale.md]

Generates the synthetic SQLite database (`kam_tui.sample.synthetic`, seed 1, today
2026-11-23), starts a throw-away PostgreSQL server (`tests/pg_server.PgServer`), makes a kam
database on it as `kam server init` does and copies every table into it with COPY
(`pg_copy.py`), then times, on both engines in turn, the calls the screens make through the
areas' own services:

* the account list's first screen (first page, the matching count, the total) and its filter
  choices;
* search keystrokes (first page + count, as the list does for each change of the box);
* the customer card, the pipeline board's first paint and a stage move (each time another deal
  of stage 1 advanced to 2, exactly as the board's shift+right asks);
* the revisit calendar's open: the cadence generation it runs, the month grid, the Today list.

Runs are interleaved (one SQLite call, one PostgreSQL call, ...) so that background load hits
both engines alike; after a warm-up, the best and the median of --repeat runs are reported
(fewer runs, at least three, for an operation whose runs would take over a minute).
Every call opens and closes its connection as in the app (a new server session on
PostgreSQL). PostgreSQL is measured as its superuser, which row-level security does not
filter (pg_load.py measures reps under their own roles). The table is printed and written as
markdown to --out. The server and the temporary files are removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The benchmarks' folder, for pg_copy, which puts the repository (kam_tui, tests) on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import peewee as pw
import pg_copy
from pg_copy import TODAY

from kam_tui.areas import register_record_kinds
from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.customers.service import AccountQuery, AccountService
from kam_tui.areas.pipeline.service import BoardQuery, PipelineService
from kam_tui.core.db import models as m
from kam_tui.core.db.database import open_database, open_server
from kam_tui.sample.synthetic import generate

LIST_PAGE = 100  # PagedTable.PAGE_SIZE: the list's first page
BOARD_PAGE = 50  # PipelineBoard.PAGE_SIZE: a column's page
WARMUP = 1
BUDGET_SECONDS = 60  # at most about this long per operation, both engines together
MIN_RUNS = 3
# Typing "wang" one key at a time (1, 2, 3 characters, then the whole pinyin), Chinese
# characters (one: no trigram to use; two), and an English name's start, as the README's "pac".
SEARCHES = ("w", "wa", "wan", "wang", "王", "物流", "pac")
OUT = Path(__file__).resolve().parent / "out" / "pg_scale.md"


# --- the engines ------------------------------------------------------------------------------


@dataclass
class Engine:
    """One database the models can be bound to, and the last statement it ran (for errors)."""

    name: str
    db: pw.Database
    last_sql: tuple[str, Any] = ("", None)

    def bind(self) -> None:
        """Bind the models to this database (what open_database/open_server do on opening)."""
        m.database_proxy.initialize(self.db)

    def trace(self) -> None:
        """Remember each statement the database runs, so a failure can name its query."""
        run = self.db.execute_sql

        def traced(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
            self.last_sql = (sql, params)
            return run(sql, params, *args, **kwargs)

        self.db.execute_sql = traced  # type: ignore[method-assign]


def open_engines(sqlite_path: Path, pg_url: str) -> list[Engine]:
    """Open the SQLite file and the PostgreSQL database with kam's own openers."""
    register_record_kinds()
    engines = [Engine("SQLite", open_database(sqlite_path)), Engine("PostgreSQL",
                                                                    open_server(pg_url))]
    for engine in engines:
        engine.db.close()  # each service call opens its own connection, as in the app
        engine.trace()
    return engines


# --- what is timed ----------------------------------------------------------------------------


@dataclass
class Operation:
    """A screen's service calls: `make(engine)` returns the call to time on that engine."""

    name: str
    make: Callable[[Engine], Callable[[], object]]


def today() -> Any:
    """Return the fixed day the data was made for (the services ask for a callable)."""
    return TODAY


def first_screen(engine: Engine) -> Callable[[], object]:
    """The account list's first load: page, count (a full page) and the total, as _fetch_list."""
    service = AccountService(engine.db, today)

    def call() -> object:
        query = AccountQuery()
        rows = service.page(query, 0, LIST_PAGE)
        count = len(rows) if len(rows) < LIST_PAGE else service.count(query)
        return rows, count, service.count(AccountQuery())

    return call


def filter_choices(engine: Engine) -> Callable[[], object]:
    """The list's filter values, read beside the first screen on mount."""
    service = AccountService(engine.db, today)
    return service.filter_options


def search(term: str) -> Callable[[Engine], Callable[[], object]]:
    """A keystroke in the search box: first page, then the count when the page is full."""
    def make(engine: Engine) -> Callable[[], object]:
        service = AccountService(engine.db, today)
        query = AccountQuery(search=term)

        def call() -> object:
            rows = service.page(query, 0, LIST_PAGE)
            return rows, len(rows) if len(rows) < LIST_PAGE else service.count(query)

        return call

    return make


def card(engine: Engine) -> Callable[[], object]:
    """The customer card of the list's first account (its records, 12-month Pareto share)."""
    service = AccountService(engine.db, today)
    first = service.page(AccountQuery(), 0, 1)[0].id
    return lambda: service.card(first)


def board(engine: Engine) -> Callable[[], object]:
    """The pipeline board's first paint: the figures and the first page of each column."""
    service = PipelineService(engine.db, today)
    query = BoardQuery()

    def call() -> object:
        stats = service.stats(query)
        return stats, {stage: service.column_page(query, stage, 0, BOARD_PAGE)
                       for stage in range(1, 7)}

    return call


def stage_move(moves: int) -> Callable[[Engine], Callable[[], object]]:
    """shift+right on a stage-1 card: a different deal to stage 2 each time, as the board asks."""
    def make(engine: Engine) -> Callable[[], object]:
        service = PipelineService(engine.db, today)
        query = BoardQuery()
        # The deals on top of column 1, in the board's order; the same ids on both engines.
        cards: Iterator[Any] = iter(service.column_page(query, 1, 0, moves))
        shown = [service.stats(query)]

        def call() -> object:
            card = next(cards)
            result = service.move(query, card.id, card.stage + 1, expected_stage=card.stage,
                                  note="bench", shown=shown[0],
                                  windows={card.stage: (0, BOARD_PAGE)},
                                  landing_page=BOARD_PAGE)
            shown[0] = result.stats  # the board shows the move's figures from then on
            return result

        return call

    return make


def calendar_generate(engine: Engine) -> Callable[[], object]:
    """The cadence generation the calendar runs on every open (after the first, nothing new)."""
    return CalendarService(engine.db, today).generate


def calendar_month(engine: Engine) -> Callable[[], object]:
    """The month grid of November 2026: counts by day and kind, overdue, birthdays."""
    service = CalendarService(engine.db, today)
    return lambda: service.month(2026, 11)


def calendar_today(engine: Engine) -> Callable[[], object]:
    """The Today list: size, overdue count, first page and its decline warnings, as _fetch_today."""
    service = CalendarService(engine.db, today)

    def call() -> object:
        count, overdue, rows = service.today_list()
        return count, overdue, service.warnings(row.account_id for row in rows)

    return call


def operations(repeat: int) -> list[Operation]:
    """Return everything timed, in the order a rep meets it."""
    ops = [Operation("account list: first screen (page + count + total)", first_screen),
           Operation("account list: filter choices", filter_choices)]
    ops += [Operation(f"search keystroke {term!r} ({len(term)} char{'s' * (len(term) > 1)})",
                      search(term)) for term in SEARCHES]
    ops += [Operation("customer card", card),
            Operation("pipeline board: figures + 6 column pages", board),
            Operation("stage move 1 -> 2 (move + figures + pages)",
                      stage_move(WARMUP + repeat)),
            Operation("calendar open: cadence generation (no new)", calendar_generate),
            Operation("calendar open: month 2026-11", calendar_month),
            Operation("calendar open: Today list (+ warnings)", calendar_today)]
    return ops


# --- timing -----------------------------------------------------------------------------------


@dataclass
class Timing:
    """One operation's times on one engine, or the error that stopped it."""

    times: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float:
        """Return the median in milliseconds."""
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        """Return the best time in milliseconds."""
        return min(self.times)

    def cell(self) -> str:
        """Return the table cell: median (best), or that it failed."""
        if self.error:
            return "FAILED"
        return f"{self.median:.1f} ({self.best:.1f})"


def describe_failure(engine: Engine, error: BaseException) -> str:
    """Return the error, the statement that raised it and where in kam, on a few lines."""
    sql, params = engine.last_sql
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if "/kam_tui/" in frame.filename]
    where = "".join(f"\n    at kam_tui/{frame.filename.split('/kam_tui/')[-1]}:{frame.lineno}"
                    f" ({frame.name})" for frame in frames[-3:])
    first = (str(error).strip().splitlines() or [""])[0]
    return (f"{type(error).__name__}: {first}{where}\n"
            f"    SQL: {' '.join(sql.split())[:1500]}\n    params: {str(params)[:300]}")


def runs_for(warmup_seconds: float, repeat: int) -> int:
    """Return how many timed runs fit the budget, judged by the warm-up (at least MIN_RUNS)."""
    if warmup_seconds <= 0:
        return repeat
    return max(MIN_RUNS, min(repeat, int(BUDGET_SECONDS / warmup_seconds)))


def measure(op: Operation, engines: list[Engine], repeat: int) -> dict[str, Timing]:
    """Time op on every engine, interleaved, after a warm-up; an error ends that engine's runs.

    An operation whose warm-up on both engines takes longer than BUDGET_SECONDS / repeat gets
    fewer runs (MIN_RUNS at least): the calendar's generation takes a minute at 100k.
    """
    timings = {engine.name: Timing() for engine in engines}
    calls: dict[str, Callable[[], object]] = {}
    for engine in engines:
        engine.bind()
        try:
            calls[engine.name] = op.make(engine)
        except Exception as error:  # noqa: BLE001 - a failing query is reported, not fatal
            timings[engine.name].error = describe_failure(engine, error)
    runs, warmup = WARMUP + repeat, 0.0
    run = 0
    while run < runs:
        for engine in engines:
            timing = timings[engine.name]
            if timing.error:
                continue
            engine.bind()
            started = time.perf_counter()
            try:
                calls[engine.name]()
            except Exception as error:  # noqa: BLE001
                timing.error = describe_failure(engine, error)
                continue
            seconds = time.perf_counter() - started
            if run >= WARMUP:
                timing.times.append(seconds * 1000)
            else:
                warmup += seconds
        run += 1
        if run == WARMUP:
            runs = WARMUP + runs_for(warmup, repeat)
    return timings


def first_generation(engines: list[Engine]) -> dict[str, str]:
    """Run the calendar's first cadence generation on each engine (it creates revisits)."""
    out = {}
    for engine in engines:
        engine.bind()
        started = time.perf_counter()
        try:
            made = CalendarService(engine.db, today).generate()
            out[engine.name] = (f"{(time.perf_counter() - started):.2f} s, "
                                f"{made.created:,} revisits made")
        except Exception as error:  # noqa: BLE001
            out[engine.name] = "FAILED: " + describe_failure(engine, error)
    return out


def connect_cost(engine: Engine, repeat: int) -> Timing:
    """Time opening and closing a connection alone: what every service call pays first."""
    timing = Timing()
    for run in range(WARMUP + repeat):
        started = time.perf_counter()
        with engine.db.connection_context():
            engine.db.execute_sql("SELECT 1").fetchone()
        if run >= WARMUP:
            timing.times.append((time.perf_counter() - started) * 1000)
    return timing


# --- the report -------------------------------------------------------------------------------


def ratio(sqlite: Timing, pg: Timing) -> str:
    """Return PostgreSQL's median over SQLite's, or a dash when either failed."""
    if sqlite.error or pg.error or not sqlite.median:
        return "—"
    return f"{pg.median / sqlite.median:.2f}×"


def result_table(results: list[tuple[str, dict[str, Timing]]]) -> list[str]:
    """Return the markdown table: operation, SQLite ms, PostgreSQL ms, ratio."""
    lines = ["| operation | runs | SQLite ms | PostgreSQL ms | ratio PG/SQLite |",
             "|:---|---:|---:|---:|---:|"]
    for name, timings in results:
        sqlite, pg = timings["SQLite"], timings["PostgreSQL"]
        runs = max(len(sqlite.times), len(pg.times))
        lines.append(f"| {name} | {runs} | {sqlite.cell()} | {pg.cell()} | "
                     f"{ratio(sqlite, pg)} |")
    return lines


def report(args: argparse.Namespace, phases: dict[str, float], counts: dict[str, int],
           copy: pg_copy.CopyReport, generation: dict[str, str],
           results: list[tuple[str, dict[str, Timing]]]) -> str:
    """Return the whole markdown report."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    title = f"# kam-tui on PostgreSQL beside SQLite: {args.accounts:,} accounts"
    command = (f"{stamp} · `benchmarks/pg_scale.py --accounts {args.accounts} --repeat "
               f"{args.repeat}` · Python {platform.python_version()} · {os.cpu_count()} cores "
               f"· load average at the end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}")
    method = (f"Milliseconds per screen action: median (best) of {args.repeat} runs after "
              f"{WARMUP} warm-up (fewer, at least {MIN_RUNS}, when the warm-up says "
              f"{args.repeat} would take over {BUDGET_SECONDS} s), SQLite and PostgreSQL calls "
              "interleaved; the ratio is of the medians. Each call opens its own connection "
              "as the app does. PostgreSQL 15 on a Unix socket, fsync off, as its superuser "
              "(no row-level security filter). The list's first screen counts the unfiltered "
              "list twice (the count of its query and the total), as "
              "`ListScreen._fetch_list` does.")
    lines = [title, "", command, "", method, ""]
    lines += result_table(results)
    errors = [(name, engine, timing.error) for name, timings in results
              for engine, timing in timings.items() if timing.error]
    if errors:
        lines += ["", "## Failures", ""]
        for name, engine, error in errors:
            lines += [f"* **{name}** on {engine}:", "", "  ```", "  " + error, "  ```"]
    lines += ["", "## The first cadence generation (before the timings, creates revisits)", ""]
    lines += [f"* {engine}: {text}" for engine, text in generation.items()]
    lines += ["", "## Phases", "", "| phase | seconds |", "|:---|---:|"]
    lines += [f"| {name} | {seconds:.1f} |" for name, seconds in phases.items()]
    lines += ["", f"## Copy SQLite → PostgreSQL (COPY, {sum(counts.values()):,} rows)", ""]
    lines += copy.table()
    return "\n".join(lines) + "\n"


# --- the run ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs after the warm-up")
    parser.add_argument("--keep", action="store_true",
                        help="leave the PostgreSQL server running (its URL is printed)")
    parser.add_argument("--out", type=Path, default=OUT, help="the markdown report")
    return parser.parse_args(argv)


def timed_phase(phases: dict[str, float], name: str, call: Callable[[], Any]) -> Any:
    """Run call, print and remember how long it took."""
    print(f"{name} ...", flush=True)
    started = time.perf_counter()
    result = call()
    phases[name] = time.perf_counter() - started
    print(f"  {phases[name]:.1f} s", flush=True)
    return result


def run(args: argparse.Namespace, work: Path, superuser_url: str) -> str:
    """Make both databases, time every operation on both; return the markdown report."""
    phases: dict[str, float] = {}
    sqlite_path = work / "synthetic.db"
    counts = timed_phase(phases, f"generate SQLite ({args.accounts:,} accounts)",
                         lambda: generate(sqlite_path, args.accounts, seed=1, today=TODAY))
    pg_url, _ = timed_phase(phases, "create PostgreSQL database + kam schema",
                            lambda: pg_copy.create_kam_database(superuser_url, "kam_bench"))
    copy = timed_phase(phases, "copy SQLite -> PostgreSQL (COPY, sequences, ANALYZE)",
                       lambda: pg_copy.copy_sqlite(sqlite_path, pg_url))
    copied = pg_copy.table_counts(pg_url)
    if copied != counts:
        raise RuntimeError(f"the copy lost rows: SQLite {counts}, PostgreSQL {copied}")
    engines = open_engines(sqlite_path, pg_url)
    generation = timed_phase(phases, "first cadence generation (both engines)",
                             lambda: first_generation(engines))
    results: list[tuple[str, dict[str, Timing]]] = []
    started = time.perf_counter()
    results.append(("open + close a connection (SELECT 1)",
                    {engine.name: connect_cost(engine, args.repeat) for engine in engines}))
    for op in operations(args.repeat):
        timings = measure(op, engines, args.repeat)
        results.append((op.name, timings))
        print(f"  {op.name:<58} " + "   ".join(
            f"{name} {timing.cell():>16}" for name, timing in timings.items()), flush=True)
    phases["timings (both engines)"] = time.perf_counter() - started
    for engine in engines:
        engine.db.close()
    return report(args, phases, counts, copy, generation, results)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when an operation failed on either engine."""
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kam-pg-scale-"))
    # Backups, drafts and the error log of this run stay in its own folder.
    os.environ["KAM_DATA_DIR"] = str(work / "data")
    os.environ["KAM_STATE_DIR"] = str(work / "state")
    started = time.perf_counter()
    server, superuser_url = pg_copy.start_server()
    try:
        markdown = run(args, work, superuser_url)
    finally:
        if args.keep:
            as_postgres = "runuser -u postgres -- " if os.geteuid() == 0 else ""
            print(f"server kept: {pg_copy.database_url(superuser_url, 'kam_bench')}\n"
                  f"stop it with: {as_postgres}{server.bin}/pg_ctl -D {server.root}/data "
                  f"-m immediate stop && rm -rf {server.root}")
        else:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    markdown += f"\nWhole run: {time.perf_counter() - started:.0f} s.\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown, encoding="utf-8")
    print()
    print(markdown)
    print(f"written to {args.out}")
    return 1 if "FAILED" in markdown.split("## The first cadence")[0] else 0


if __name__ == "__main__":
    raise SystemExit(main())

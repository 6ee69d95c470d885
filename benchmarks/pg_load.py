"""Twenty reps working on one PostgreSQL server at once: latency, errors, lost updates, RLS.

    .venv/bin/python benchmarks/pg_load.py [--seconds 60] [--reps 20] [--accounts 2000]
                                           [--url postgresql://SUPERUSER@/postgres?host=DIR]
                                           [--out benchmarks/out/pg_load.md]

Starts a throw-away PostgreSQL server (or uses the one whose superuser URL --url gives), makes
the database `kam_load` from a synthetic SQLite database (`pg_copy.py`), adds the reps rep01 ..
repNN with `team.add_user` (each a login role of its own in kam_rep) and gives rep k the
accounts whose id % reps == k - 1 and their open deals. Then one process per rep (spawned)
connects AS ITS OWN ROLE, opens kam with `open_server`, checks once that row-level security
shows it exactly its own accounts, and for --seconds does a random mix through the app's
services:

* search: the list's first page and count for a term (pinyin, Chinese, English);
* save: an own account's notes through the record engine, with the version and values read
  from the record as the form does (`RecordService.load` then `.save`);
* move: an own open deal one stage on (or back from the last stage) with `PipelineService.move`;
* visit: a new activity under an own account with a unique summary token.

(Before the clock starts each process loads pypinyin's dictionaries, as kam does once at its
first save: a second or more on a busy machine, which would otherwise be the first save's.)

Every acknowledged write is kept; afterwards, as superuser, each must be found: every token
once, every account's notes as last saved, every deal at its last acknowledged stage. Prints
and writes (--out) operations by type, throughput, p50/p95/max latency, errors shown to a rep
and lost updates. Exit status 1 when there was any error, lost update or RLS mismatch.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import shutil
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The benchmarks' folder, for pg_copy, which puts the repository (kam_tui, tests) on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pg_copy
from pg_copy import TODAY

DATABASE = "kam_load"
OUT = Path(__file__).resolve().parent / "out" / "pg_load.md"
LIST_PAGE = 100  # PagedTable.PAGE_SIZE
BOARD_PAGE = 50  # PipelineBoard.PAGE_SIZE
# How often each action comes up: reps look far more than they write.
MIX = {"search": 4, "save": 2, "move": 2, "visit": 2}
TERMS = ("wang", "li", "zhang", "物流", "科技", "王", "pac", "summit", "ch", "集团")
READY_TIMEOUT = 300  # spawning 20 interpreters on 2 busy cores takes a while
CHECKED = " checked (every visit's token; each saved account's, moved deal's last value)"


# --- the rep's process ------------------------------------------------------------------------


@dataclass
class RepResult:
    """What one rep's process did: latencies, outcomes, acknowledged writes, its RLS check."""

    login: str
    seen_accounts: int = -1
    owned_accounts: int = 0
    seen_outside: int = 0  # accounts the rep's list showed that are not theirs
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter = field(default_factory=Counter)  # (kind, "ok"/"conflict"/"error")
    errors: list[str] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)  # account id -> last notes saved
    stages: dict[int, int] = field(default_factory=dict)  # deal id -> last stage acknowledged
    tokens: list[tuple[int, str, int]] = field(default_factory=list)  # (id, token, account)
    in_doubt: set[tuple[str, int]] = field(default_factory=set)  # failed after their last ack
    fatal: str = ""


class Rep:
    """One simulated rep: the services of the app, their own records, a random mix of work."""

    def __init__(self, login: str, db: Any, rng: random.Random) -> None:
        from kam_tui.areas.customers.service import AccountService
        from kam_tui.areas.pipeline.service import PipelineService
        from kam_tui.core.service import RecordService

        self.login, self.rng = login, rng
        self.accounts = AccountService(db, lambda: TODAY)
        self.pipeline = PipelineService(db, lambda: TODAY)
        self.records = RecordService(db, lambda: TODAY)
        self.result = RepResult(login)
        self.own_accounts: list[int] = []
        self.deals: dict[int, int] = {}  # open deal id -> the stage the rep last saw it in
        self.shown = None  # the board's figures, as the screen passes them to a move
        self.sequence = 0

    def check_rls(self, owned: set[int]) -> None:
        """Check that the rep's list holds exactly their own accounts, and read their deals."""
        from kam_tui.areas.customers.service import AccountQuery
        from kam_tui.areas.pipeline.service import BoardQuery
        from kam_tui.core.db import models as m

        self.result.owned_accounts = len(owned)
        self.result.seen_accounts = self.accounts.count(AccountQuery())
        self.own_accounts = self.accounts.ids(AccountQuery())
        self.result.seen_outside = len(set(self.own_accounts) - owned)
        with self.pipeline.db.connection_context():
            self.deals = {row.id: row.stage for row in m.Opportunity.select(
                m.Opportunity.id, m.Opportunity.stage).where(
                (m.Opportunity.status == "open") & m.Opportunity.deleted_at.is_null())}
        self.shown = self.pipeline.stats(BoardQuery())

    def token(self) -> str:
        """Return a text no other write of the run holds."""
        self.sequence += 1
        return f"load-{self.login}-{self.sequence}-{uuid.uuid4().hex[:8]}"

    def search(self) -> None:
        """A keystroke's load: the first page, and the count when the page is full."""
        from kam_tui.areas.customers.service import AccountQuery

        query = AccountQuery(search=self.rng.choice(TERMS))
        rows = self.accounts.page(query, 0, LIST_PAGE)
        if len(rows) == LIST_PAGE:
            self.accounts.count(query)

    def save(self) -> None:
        """Open an own account's form, change the notes, save with the version opened."""
        account_id = self.rng.choice(self.own_accounts)
        values, version = self.records.load("account", account_id)
        notes = self.token()
        try:
            self.records.save("account", {**values, "notes": notes}, record_id=account_id,
                              expected_version=version, opened_values=values)
        except BaseException:
            self.result.in_doubt.add(("account", account_id))
            raise
        self.result.notes[account_id] = notes
        self.result.in_doubt.discard(("account", account_id))

    def move(self) -> None:
        """Move an own open deal one stage on (back from the last), as shift+right/left does."""
        from kam_tui.areas.pipeline.service import BoardQuery

        if not self.deals:
            return self.search()
        deal_id = self.rng.choice(list(self.deals))
        stage = self.deals[deal_id]
        to_stage = stage + 1 if stage < 6 else stage - 1
        try:
            result = self.pipeline.move(BoardQuery(), deal_id, to_stage, expected_stage=stage,
                                        note=self.token(), shown=self.shown,
                                        windows={stage: (0, BOARD_PAGE)},
                                        landing_page=BOARD_PAGE)
        except BaseException:
            self.result.in_doubt.add(("opportunity", deal_id))
            raise
        self.shown = result.stats
        self.deals[deal_id] = to_stage
        self.result.stages[deal_id] = to_stage
        self.result.in_doubt.discard(("opportunity", deal_id))
        return None

    def visit(self) -> None:
        """Log a visit under an own account, its summary a unique token."""
        account_id = self.rng.choice(self.own_accounts)
        token = self.token()
        activity_id = self.records.save(
            "activity", {"occurred_on": TODAY.isoformat(), "kind": "visit", "summary": token,
                         "result": "", "problems": "", "next_step": "", "next_step_date": "",
                         "confirmed_by_customer": False}, parent_id=account_id)
        self.result.tokens.append((activity_id, token, account_id))

    def work(self, seconds: float) -> None:
        """Do the random mix until the time is up, timing each action and noting its outcome."""
        from kam_tui.areas.pipeline.service import MoveRefused
        from kam_tui.core.db.records import ConflictError

        kinds, weights = list(MIX), list(MIX.values())
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            kind = self.rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                getattr(self, kind)()
                outcome = "ok"
            except (ConflictError, MoveRefused):
                outcome = "conflict"  # what the form and the board tell the rep to look at
            except Exception as error:  # noqa: BLE001 - an error shown to a rep, counted
                outcome = "error"
                if len(self.result.errors) < 5:
                    self.result.errors.append(f"{kind}: {type(error).__name__}: {error}\n"
                                              + traceback.format_exc(limit=-4))
            self.result.latencies[kind].append((time.perf_counter() - started) * 1000)
            self.result.outcomes[(kind, outcome)] += 1


def rep_process(login: str, url: str, owned: list[int], seconds: float, seed: int,
                ready: Any, start: Any, results: Any) -> None:
    """One rep's process: connect as the rep's role, check RLS, wait for the start, work."""
    result = RepResult(login)
    try:
        from kam_tui.areas import register_record_kinds
        from kam_tui.core.db.database import open_server
        from kam_tui.core.domain.search import search_text

        register_record_kinds()
        # pypinyin loads its dictionaries on first use (seconds on a busy machine): that is
        # kam's start-up, not a save's latency, so it happens before the clock starts.
        search_text("王伟物流", "", "")
        db = open_server(url)
        db.close()  # every service call opens its own connection, as in the app
        rep = Rep(login, db, random.Random(f"{seed}-{login}"))
        result = rep.result
        rep.check_rls(set(owned))
        ready.put(login)
        start.wait()
        rep.work(seconds)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, never silent
        result.fatal = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=-6)}"
        ready.put(login)
    results.put(result)


# --- the set-up -------------------------------------------------------------------------------


def add_reps(pg_url: str, reps: int) -> dict[str, list[int]]:
    """Add the reps, give each the accounts id % reps and their open deals; return ownership."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db import team
    from kam_tui.core.db.database import open_server

    register_record_kinds()
    db = open_server(pg_url)
    try:
        regions = [r for (r,) in db.execute_sql(
            "SELECT DISTINCT region FROM account WHERE region != '' ORDER BY region")] or [""]
        owned: dict[str, list[int]] = {}
        for number in range(1, reps + 1):
            login = f"rep{number:02d}"
            staff_id = team.add_user(db, f"Load Rep {number:02d}", login, "rep",
                                     regions[number % len(regions)])
            with db.atomic():
                # As superuser, outside the app: the ownership the run is about.
                db.execute_sql("UPDATE account SET owner_id = ? WHERE id % ? = ?",
                               (staff_id, reps, number - 1))
                db.execute_sql("UPDATE opportunity SET owner_id = ? WHERE status = 'open' AND "
                               "account_id IN (SELECT id FROM account WHERE owner_id = ?)",
                               (staff_id, staff_id))
            owned[login] = [i for (i,) in db.execute_sql(
                "SELECT id FROM account WHERE owner_id = ? AND deleted_at IS NULL ORDER BY id",
                (staff_id,))]
        # Old relationship owners would let a rep see other accounts too: none of ours holds one.
        held = db.execute_sql("SELECT count(*) FROM contact c JOIN staff s ON "
                              "s.id = c.relationship_owner_id WHERE s.login LIKE 'rep%'"
                              ).fetchone()[0]
        if held:
            raise RuntimeError(f"{held} contacts are held by a load rep: ownership not disjoint")
    finally:
        db.close()
    pg_copy.admin_sql(pg_url, "ANALYZE")
    return owned


def prepare(args: argparse.Namespace, work: Path, superuser_url: str,
            phases: dict[str, float]) -> tuple[str, dict[str, list[int]]]:
    """Make the kam database from a synthetic one and add the reps; return its URL, ownership."""
    from kam_tui.sample.synthetic import generate

    sqlite_path = work / "synthetic.db"
    started = time.perf_counter()
    generate(sqlite_path, args.accounts, seed=1, today=TODAY)
    phases["generate SQLite"] = time.perf_counter() - started
    pg_url, phases["create database + kam schema"] = pg_copy.create_kam_database(
        superuser_url, DATABASE)
    phases["copy (COPY, sequences, ANALYZE)"] = pg_copy.copy_sqlite(
        sqlite_path, pg_url).total_seconds
    started = time.perf_counter()
    owned = add_reps(pg_url, args.reps)
    phases["add reps + ownership"] = time.perf_counter() - started
    return pg_url, owned


# --- the run ----------------------------------------------------------------------------------


def run_reps(args: argparse.Namespace, superuser_url: str, owned: dict[str, list[int]],
             phases: dict[str, float]) -> tuple[list[RepResult], float]:
    """Spawn one process per rep, start them together; return their results and the seconds."""
    context = mp.get_context("spawn")
    ready, results, start = context.Queue(), context.Queue(), context.Event()
    processes = []
    started = time.perf_counter()
    try:
        for login, ids in owned.items():
            url = pg_copy.database_url(superuser_url, DATABASE, user=login)
            # Daemonic: a rep left waiting for a start that never comes ends with this process.
            process = context.Process(target=rep_process, name=login, daemon=True, args=(
                login, url, ids, args.seconds, args.seed, ready, start, results))
            process.start()
            processes.append(process)
        waiting = set(owned)
        while waiting:
            waiting.discard(ready.get(timeout=READY_TIMEOUT))
        phases["spawn reps + RLS check"] = time.perf_counter() - started
        print(f"{len(owned)} reps ready; working for {args.seconds:g} s ...", flush=True)
        began = time.perf_counter()
        start.set()
        collected: list[RepResult] = []
        for _ in processes:
            try:
                collected.append(results.get(timeout=args.seconds + READY_TIMEOUT))
            except queue.Empty:
                break  # a rep died without a word: summary() counts it as never reported
        elapsed = time.perf_counter() - began
    finally:
        for process in processes:
            # Reps still waiting for a start that will not come are ended at once (our own
            # children, by their handle); the others get time to hand in their results.
            process.join(timeout=30 if start.is_set() else 0)
            if process.is_alive():
                process.terminate()
    return collected, elapsed


def verify(pg_url: str, results: list[RepResult]) -> tuple[int, int, list[str]]:
    """Check every acknowledged write as superuser; return (checked, lost, what was lost)."""
    import psycopg

    lost: list[str] = []
    checked = 0
    with psycopg.connect(pg_url) as connection:
        for result in results:
            tokens = [token for _id, token, _account in result.tokens]
            found = {row[0]: row[1:] for row in connection.execute(
                "SELECT summary, count(*), min(id), min(account_id) FROM activity "
                "WHERE summary = ANY(%s) AND deleted_at IS NULL GROUP BY summary", (tokens,))}
            for activity_id, token, account_id in result.tokens:
                checked += 1
                if found.get(token) != (1, activity_id, account_id):
                    lost.append(f"activity {activity_id} {token}: found {found.get(token)}")
            notes = dict(connection.execute("SELECT id, notes FROM account WHERE id = ANY(%s)",
                                            (list(result.notes),)).fetchall())
            for account_id, expected in result.notes.items():
                if ("account", account_id) in result.in_doubt:
                    continue  # a save failed after the last acknowledged one: either may hold
                checked += 1
                if notes.get(account_id) != expected:
                    lost.append(f"account {account_id} notes: {notes.get(account_id)!r}, "
                                f"acknowledged {expected!r}")
            stages = dict(connection.execute(
                "SELECT id, stage FROM opportunity WHERE id = ANY(%s)",
                (list(result.stages),)).fetchall())
            for deal_id, expected in result.stages.items():
                if ("opportunity", deal_id) in result.in_doubt:
                    continue
                checked += 1
                if stages.get(deal_id) != expected:
                    lost.append(f"opportunity {deal_id} stage {stages.get(deal_id)}, "
                                f"acknowledged {expected}")
    return checked, len(lost), lost


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Return the value below which share of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(args: argparse.Namespace, results: list[RepResult], elapsed: float,
            checked: int, lost: list[str], phases: dict[str, float]) -> tuple[str, int, int]:
    """Return the markdown summary, the number of errors and of RLS mismatches."""
    latencies: dict[str, list[float]] = defaultdict(list)
    outcomes: Counter = Counter()
    for result in results:
        for kind, values in result.latencies.items():
            latencies[kind].extend(values)
        outcomes.update(result.outcomes)
    errors = sum(count for (_kind, outcome), count in outcomes.items() if outcome == "error")
    fatal = [r for r in results if r.fatal]
    rls_bad = [r for r in results if r.fatal or r.seen_accounts != r.owned_accounts
               or r.seen_outside]
    missing = args.reps - len(results)
    total_ops = sum(outcomes.values())
    load = os.getloadavg()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = f"# {args.reps} reps on one PostgreSQL server for {args.seconds:g} s"
    command = (f"{stamp} · `benchmarks/pg_load.py --seconds {args.seconds:g} --reps "
               f"{args.reps} --accounts {args.accounts}` · {os.cpu_count()} cores · load "
               f"average at the end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}")
    method = ("Each rep is a process connected as its own login role (row-level security "
              "on), calling the app's services; every call opens its own connection as in the "
              f"app. Measured window {elapsed:.1f} s.")
    lines = [title, "", command, "", method, "",
             "| action | done | ok | conflicts | errors | per second | p50 ms | p95 ms | max ms |",
             "|:---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for kind in MIX:
        values = latencies.get(kind, [])
        if not values:
            lines.append(f"| {kind} | 0 | | | | | | | |")
            continue
        lines.append(
            f"| {kind} | {len(values):,} | {outcomes[(kind, 'ok')]:,} | "
            f"{outcomes[(kind, 'conflict')]:,} | {outcomes[(kind, 'error')]:,} | "
            f"{len(values) / elapsed:.1f} | {statistics.median(values):.1f} | "
            f"{percentile(values, 0.95):.1f} | {max(values):.1f} |")
    everything = [v for values in latencies.values() for v in values]
    if everything:
        lines.append(f"| **all** | **{total_ops:,}** | | | **{errors}** | "
                     f"**{total_ops / elapsed:.1f}** | {statistics.median(everything):.1f} | "
                     f"{percentile(everything, 0.95):.1f} | {max(everything):.1f} |")
    rls_ok = args.reps - len(rls_bad) - missing
    acknowledged = sum(outcomes[(kind, "ok")] for kind in MIX if kind != "search")
    lines += ["", "| check | result |", "|:---|---:|",
              f"| errors shown to a rep (must be 0) | {errors} |",
              f"| acknowledged writes (saves, moves, visits) | {acknowledged:,} |",
              f"| lost updates (must be 0) in {checked:,} records{CHECKED} | {len(lost)} |",
              f"| RLS: reps seeing exactly their own accounts | {rls_ok} of {args.reps} |",
              f"| rep processes that failed or never reported | {len(fatal) + missing} |"]
    lines += ["", "| phase | seconds |", "|:---|---:|"]
    lines += [f"| {name} | {seconds:.1f} |" for name, seconds in phases.items()]
    details = []
    for result in rls_bad:
        details.append(f"* {result.login}: RLS sees {result.seen_accounts} accounts, owns "
                       f"{result.owned_accounts}, {result.seen_outside} of another's"
                       + (f"; failed: {result.fatal}" if result.fatal else ""))
    for result in results:
        details += [f"* {result.login}: {error}" for error in result.errors]
    details += [f"* lost: {text}" for text in lost[:20]]
    if details:
        lines += ["", "## Problems", "", "```", *details, "```"]
    return "\n".join(lines) + "\n", errors + len(fatal) + missing, len(rls_bad)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1, help="of the reps' random choices")
    parser.add_argument("--url", help="a superuser's URL of a server to use instead of a "
                                      "throw-away one; it must let local logins in by name "
                                      "(trust or peer, as the test server does); its database "
                                      "kam_load is replaced and the roles rep01.. are made")
    parser.add_argument("--out", type=Path, default=OUT, help="the markdown summary")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the load; exit status 1 on any error, lost update or RLS mismatch."""
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kam-pg-load-"))
    # Backups, drafts and the error log of this run (and its children) stay in its folder.
    os.environ["KAM_DATA_DIR"] = str(work / "data")
    os.environ["KAM_STATE_DIR"] = str(work / "state")
    started = time.perf_counter()
    server = None
    phases: dict[str, float] = {}
    try:
        if args.url:
            superuser_url = args.url
        else:
            server, superuser_url = pg_copy.start_server()
            phases["start server"] = time.perf_counter() - started
        pg_url, owned = prepare(args, work, superuser_url, phases)
        print(f"database ready ({args.accounts:,} accounts, {args.reps} reps) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        results, elapsed = run_reps(args, superuser_url, owned, phases)
        phases["work (measured window)"] = elapsed
        checked, _lost, lost = verify(pg_url, results)
        markdown, errors, rls_bad = summary(args, results, elapsed, checked, lost, phases)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    markdown += f"\nWhole run: {time.perf_counter() - started:.0f} s.\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown, encoding="utf-8")
    print()
    print(markdown)
    print(f"written to {args.out}")
    return 1 if errors or lost or rls_bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

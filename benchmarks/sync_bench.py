"""`kam sync` over a real SSH link on the loopback: time and bytes each way.

    .venv/bin/python benchmarks/sync_bench.py [--accounts 100000] [--changes 10000] [--smoke]

Starts its own throw-away PostgreSQL (tests/pg_server.py) and sshd on 127.0.0.1
(tests/ssh_server.py), makes the team database with `kam server init`, then runs the real
`kam --db LAPTOP sync root@127.0.0.1 --ssh … --remote-kam … --server-db …` (a child process,
as a rep runs it; `kam sync-serve --stdio` on the far side of ssh) and reads its summary line
(`Sent N changes, received M, in S s (X kB up, Y kB down)`):

* first pull: --accounts accounts made on the server (SQL inserts inside the record engine's
  transaction, so the capture triggers log and stamp them) pulled to an empty laptop;
* idle: the same laptop syncs again with nothing changed;
* up: --changes field changes made on the laptop (UPDATEs of the notes of that many accounts,
  stamped by records.transaction()) sent to the server;
* down: --changes field changes made on the server the same way, received by the laptop.

Aims: an idle sync under 1 s, 10,000 changes either way under 10 s. The wall time includes
starting `kam` and ssh; the `in S s` kam reports is the sync itself.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kam_tui.areas import register_record_kinds  # noqa: E402
from kam_tui.core.db import models as m  # noqa: E402
from kam_tui.core.db import records  # noqa: E402
from kam_tui.core.db.database import open_database  # noqa: E402
from kam_tui.core.sync.bound import bound  # noqa: E402
from tests.pg_server import PgServer, admin_sql, database_url  # noqa: E402
from tests.ssh_server import SshServer  # noqa: E402

VENV_KAM = Path(sys.executable).parent / "kam"
KAM = [str(VENV_KAM)] if VENV_KAM.is_file() else [sys.executable, "-m", "kam_tui"]
REMOTE_KAM = str(VENV_KAM) if VENV_KAM.is_file() else f"{sys.executable} -m kam_tui"
SUMMARY = re.compile(r"Sent (\d+) changes?, received (\d+), in ([\d.]+) s "
                     r"\(([\d.]+) (kB|MB) up, ([\d.]+) (kB|MB) down\)")
AIMS = {"idle": 1.0, "up": 10.0, "down": 10.0}  # seconds, at 10,000 changes for up and down
BATCH = 5000  # accounts to one INSERT on the server


def _kb(amount: str, unit: str) -> float:
    return float(amount) * (1024 if unit == "MB" else 1)


class Bench:
    def __init__(self, root: Path, url: str, sshd: SshServer) -> None:
        self.root, self.url, self.sshd = root, url, sshd
        self.results: list[tuple[str, str, float, float, int, int, float, float]] = []

    def sync(self, laptop: Path, label: str, what: str) -> None:
        env = {**os.environ, "KAM_DATA_DIR": str(self.root / "home" / "data"),
               "KAM_STATE_DIR": str(self.root / "home" / "state"),
               "KAM_CONFIG_DIR": str(self.root / "home" / "config")}
        command = [*KAM, "--db", str(laptop), "sync", self.sshd.remote, "--ssh",
                   self.sshd.ssh_command(), "--remote-kam", REMOTE_KAM, "--server-db", self.url]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL)
        wall = time.monotonic() - started
        if done.returncode != 0:
            raise SystemExit(f"kam sync failed ({label}):\n{done.stderr}")
        found = SUMMARY.search(done.stdout)
        if found is None:
            raise SystemExit(f"no summary in kam sync's output ({label}):\n{done.stdout}")
        sent, received, seconds = int(found[1]), int(found[2]), float(found[3])
        row = (label, what, wall, seconds, sent, received, _kb(found[4], found[5]),
               _kb(found[6], found[7]))
        self.results.append(row)
        print(f"  {label}: {wall:.1f} s wall, {seconds:.1f} s sync, sent {sent}, received "
              f"{received}, {row[6]:.1f} kB up, {row[7]:.1f} kB down", flush=True)


def make_server_accounts(url: str, count: int) -> float:
    """Insert count accounts on the server inside records.transaction(); return the seconds."""
    started = time.monotonic()
    db = open_database(url)
    try:
        with bound(db):
            for start in range(0, count, BATCH):
                # The model fills every default (uuid, clocks' timestamps, classifications).
                batch = [{"name": f"Bench Co {n:06d}", "region": f"region {n % 20}",
                          "notes": f"notes {n}", "search_text": f"bench co {n:06d}"}
                         for n in range(start + 1, min(start + BATCH, count) + 1)]
                with records.transaction():
                    for part in range(0, len(batch), 1000):
                        m.Account.insert_many(batch[part:part + 1000]).execute()
    finally:
        db.close()
    return time.monotonic() - started


def change_notes(target: Path | str, count: int, text: str) -> float:
    """Change the notes of count accounts in one records.transaction(); return the seconds."""
    started = time.monotonic()
    db = open_database(target)
    try:
        with bound(db):
            with records.transaction():
                ids = [row[0] for row in db.execute_sql(
                    "SELECT id FROM account ORDER BY id LIMIT ?", (count,)).fetchall()]
                if len(ids) < count:
                    raise SystemExit(f"only {len(ids)} accounts to change, {count} asked")
                for start in range(0, len(ids), 500):
                    part = ids[start:start + 500]
                    marks = ", ".join("?" for _ in part)
                    db.execute_sql(
                        f"UPDATE account SET notes = ? || id, version = version + 1 "
                        f"WHERE id IN ({marks})", (text, *part))
    finally:
        db.close()
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true",
                        help="small sizes (1,000 accounts, 500 changes): under a minute")
    args = parser.parse_args()
    if args.smoke:
        args.accounts, args.changes = 1000, 500
    if args.changes > args.accounts:
        parser.error("--changes changes the notes of that many accounts: at most --accounts")
    register_record_kinds()
    root = Path(tempfile.mkdtemp(prefix="kam-sync-bench-"))
    pg, sshd = PgServer(), SshServer()
    cluster = pg.start()
    try:
        sshd.start()
        admin_sql(cluster, "CREATE DATABASE kam_bench")
        url = database_url(cluster, "kam_bench")
        init = subprocess.run([*KAM, "server", "init", url], capture_output=True, text=True)
        if init.returncode != 0:
            raise SystemExit(f"kam server init failed:\n{init.stderr}")
        bench = Bench(root, url, sshd)
        print(f"Making {args.accounts:,} accounts on the server…", flush=True)
        print(f"  made in {make_server_accounts(url, args.accounts):.1f} s", flush=True)
        laptop = root / "laptop.db"
        open_database(laptop, init=True).close()
        bench.sync(laptop, "first pull", f"{args.accounts:,} accounts to an empty laptop")
        bench.sync(laptop, "idle", "nothing changed")
        took = change_notes(laptop, args.changes, "laptop edit ")
        print(f"  {args.changes:,} changes made on the laptop in {took:.1f} s", flush=True)
        bench.sync(laptop, "up", f"{args.changes:,} changes laptop → server")
        took = change_notes(url, args.changes, "server edit ")
        print(f"  {args.changes:,} changes made on the server in {took:.1f} s", flush=True)
        bench.sync(laptop, "down", f"{args.changes:,} changes server → laptop")
        bench.sync(laptop, "idle again", "nothing changed")
    finally:
        sshd.stop()
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(f"{'sync':<12} {'what':<36} {'wall s':>7} {'sync s':>7} {'sent':>8} "
          f"{'received':>9} {'kB up':>9} {'kB down':>9}  aim")
    failed = False
    for label, what, wall, seconds, sent, received, up, down in bench.results:
        aim = AIMS.get(label.split()[0])
        verdict = ""
        if aim is not None:
            # The aims are for up to 10,000 changes; more may take proportionally longer.
            limit = aim if label.startswith("idle") else aim * max(1.0, args.changes / 10_000)
            ok, ok_wall = seconds < limit, wall < limit
            failed |= not ok
            verdict = (f"< {limit:.0f} s: sync {'ok' if ok else 'MISSED'}, "
                       f"wall {'ok' if ok_wall else 'MISSED'}")
        print(f"{label:<12} {what:<36} {wall:7.1f} {seconds:7.1f} {sent:8} {received:9} "
              f"{up:9.1f} {down:9.1f}  {verdict}")
    print("\nAims: an idle sync < 1 s; 10,000 changes either way < 10 s. 'sync s' is kam's own "
          "'in S s' (the exit status judges it); the wall time adds starting kam, ssh, and the "
          "backup of the laptop's file taken before the first change received is written.")
    return 1 if failed and not args.smoke else 0  # the smoke run checks it runs, not speed


if __name__ == "__main__":
    raise SystemExit(main())

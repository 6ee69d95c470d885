"""Kill -9 a writer at random moments; check after each kill that nothing committed was lost.

A child process creates accounts through the one write path (RecordService) and prints each id
once its transaction has committed. The parent kills it with SIGKILL after a random delay, then
opens the file, runs PRAGMA integrity_check and looks for every id the child acknowledged.

    python benchmarks/kill_writer.py [--kills 100] [--seconds 300] [--max-delay 0.5] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
BASE = {"abc_class": "C", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}
READY = "ready"


def child(path: str) -> None:
    """Write accounts until killed, printing each committed id."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import open_database
    from kam_tui.core.service import RecordService

    register_record_kinds()
    service = RecordService(open_database(path), lambda: TODAY)
    print(READY, flush=True)
    n = 0
    while True:
        n += 1
        record_id = service.save("account", {**BASE, "name": f"Kill test {os.getpid()}-{n}",
                                             "phone": f"139{n:08d}"})
        print(record_id, flush=True)  # only now is the write acknowledged


def _read_ids(stream, ids: list[int], ready: threading.Event) -> None:
    for line in stream:  # a line cut off by the kill has no newline: it is not counted
        if not line.endswith("\n"):
            break
        if line.strip() == READY:
            ready.set()
        else:
            ids.append(int(line))
    ready.set()


def one_kill(path: Path, max_delay: float, rng: random.Random) -> tuple[list[int], bool]:
    """Run one child, kill it at a random moment; return its acknowledged ids and if it wrote."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(path)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    ids: list[int] = []
    ready = threading.Event()
    reader = threading.Thread(target=_read_ids, args=(proc.stdout, ids, ready), daemon=True)
    reader.start()
    ready.wait(timeout=60)
    time.sleep(rng.uniform(0, max_delay))  # the random moment of the kill
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=10)
    return ids, proc.returncode == -signal.SIGKILL


def verify(path: Path, acknowledged: list[int]) -> tuple[int, bool]:
    """Open the file as the next start would; return (acknowledged ids missing, corrupt)."""
    conn = sqlite3.connect(path)
    try:
        corrupt = conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        present = {r[0] for r in conn.execute("SELECT id FROM account")}
    except sqlite3.DatabaseError:
        return len(acknowledged), True
    finally:
        conn.close()
    return sum(1 for i in acknowledged if i not in present), corrupt


def run(kills: int, seconds: float, max_delay: float, seed: int) -> dict[str, int]:
    """Repeat kill-and-check on one file until kills or seconds run out; return the counts."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import open_database

    register_record_kinds()
    rng = random.Random(seed)
    totals = {"kills": 0, "writes_acknowledged": 0, "lost": 0, "corrupt": 0}
    acknowledged: list[int] = []
    end = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="kam-kill-") as folder:
        os.environ["KAM_DATA_DIR"] = folder  # keep any backup out of the user's folder
        path = Path(folder) / "kam.db"
        open_database(path, backups=False).close()
        while totals["kills"] < kills and time.monotonic() < end:
            ids, killed = one_kill(path, max_delay, rng)
            totals["kills"] += killed
            acknowledged += ids
            lost, corrupt = verify(path, acknowledged)
            totals["lost"] = max(totals["lost"], lost)
            totals["corrupt"] += corrupt
        totals["writes_acknowledged"] = len(acknowledged)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=300.0, help="stop earlier than --kills")
    parser.add_argument("--max-delay", type=float, default=0.5,
                        help="longest wait before a kill, after the writer is ready")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    started = time.monotonic()
    totals = run(args.kills, args.seconds, args.max_delay, args.seed)
    print(" ".join(f"{key}={value}" for key, value in totals.items()),
          f"seconds={time.monotonic() - started:.0f}")
    raise SystemExit(1 if totals["lost"] or totals["corrupt"] else 0)


if __name__ == "__main__":
    main()

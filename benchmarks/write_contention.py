"""Two or more processes creating accounts through the record engine at full speed on one file.

Prints how many creations succeeded and how many failed with "database is locked". With
`--deferred` the engine's IMMEDIATE transaction is replaced by SQLite's default deferred one, to
show the failure the IMMEDIATE transaction removes.

    python benchmarks/write_contention.py --seconds 30 --processes 2 [--deferred]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = date(2026, 11, 23)
BASE = {"abc_class": "C", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}


def _writer(path: str, seconds: float, worker: int, deferred: bool, out: mp.Queue) -> None:
    import peewee as pw

    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db import records
    from kam_tui.core.db.database import open_database
    from kam_tui.core.service import RecordService

    register_record_kinds()
    if deferred:
        records.transaction = lambda: records.database().atomic()  # the old, deferred way
    db = open_database(path)
    service = RecordService(db, lambda: TODAY)
    ok = locked = other = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            service.save("account", {**BASE, "name": f"Writer {worker} account {ok + locked}",
                                     "phone": f"138{worker:02d}{ok:06d}"})
            ok += 1
        except pw.OperationalError as error:
            if "locked" in str(error):
                locked += 1
            else:
                other += 1
    db.close()
    out.put({"worker": worker, "ok": ok, "locked": locked, "other": other})


def run(seconds: float, processes: int, deferred: bool = False) -> dict[str, int]:
    """Run the writers on a fresh database and return the summed counts."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import open_database

    register_record_kinds()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "kam.db")
        open_database(path).close()
        ctx = mp.get_context("spawn")
        out: mp.Queue = ctx.Queue()
        workers = [ctx.Process(target=_writer, args=(path, seconds, i, deferred, out))
                   for i in range(processes)]
        for worker in workers:
            worker.start()
        results = [out.get(timeout=seconds + 120) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
    totals = {key: sum(r[key] for r in results) for key in ("ok", "locked", "other")}
    return {"processes": processes, "seconds": seconds, **totals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--deferred", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.seconds, args.processes, args.deferred)))


if __name__ == "__main__":
    main()

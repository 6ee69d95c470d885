"""Benchmark kam-tui in a real pseudo-terminal against a minimal Textual app (issue #6).

    .venv/bin/python benchmarks/run.py            # 1k, 10k, 100k accounts; 120x40 and 80x24; 5 runs
    .venv/bin/python benchmarks/run.py --smoke    # CI: 1k accounts, 120x40, one run, < 2 minutes

Method (details in benchmarks/README.md):

* Databases come from ``kam_tui.sample.synthetic.generate`` (seed 1, today 2026-11-23) and are
  cached in benchmarks/out/ under their size, seed and a hash of the generator and schema.
* Each run starts ``kam --db PATH --today 2026-11-23 --lang en`` (or the floor app,
  benchmarks/floor_app.py, with 100 rows of the same data) on a pty of the given size with
  TERM=xterm-256color and no COLORTERM, and renders its output with pyte.
* A figure is the time from writing a key (or starting the process) to the last change of the
  screen once it shows the expected state and then stays unchanged for 50 ms; the quiet window is
  not counted. "Expected" is checked against SQL: the status line's count ("N of M accounts")
  and the first row's name for the query typed so far.
* First screen: start → settled list with the first account by name and "N accounts".
  Cursor move: ``down`` in the table, 10 times. Search: ``/``, then "pac" and "wang" typed one
  key at a time, every key timed. Peak RSS: VmHWM from /proc once the list's figures are in.
  Then the pipeline board (``2``), a stage move and the calendar (``4``), each only if its
  area package exists in kam_tui/areas/ (else "n/a (not built yet)"); ``q`` quits.
* Figures are medians over the runs (keystrokes and cursor moves pooled over the runs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import datasets  # noqa: E402
import report  # noqa: E402
from scenario import KEYS, Area, Options, SessionResult, Step, Subject, run_session  # noqa: E402

OUT = HERE / "out"
RESULTS_MD = HERE / "results.md"
TODAY_ARG = datasets.TODAY.isoformat()
FLOOR_SOURCE_SIZE = 1000  # the floor shows the first 100 accounts of this database
AREA_PACKAGES = ROOT / "kam_tui" / "areas"
# Areas to time once their screens exist. A stage move changes data, so kam-tui then runs on a
# copy of each database made before the runs; every run moves the first card of stage 2 back to
# stage 1 (moving back needs no confirmation), which leaves the list's figures as they were.
STAGE_MOVE = Step("stage_move", (KEYS["right"],), KEYS["shift+left"], "Moved to")
AREAS = {
    "pipeline": Area("pipeline", b"2", "Pipeline board", steps=(STAGE_MOVE,)),
    "calendar": Area("calendar", b"4", "Revisit calendar"),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Benchmark kam-tui on synthetic databases in a pseudo-terminal, against a "
                    "minimal Textual app (the floor). Writes benchmarks/out/latest.json, a "
                    "timestamped copy, and (unless --smoke) benchmarks/results.md.")
    parser.add_argument("--smoke", action="store_true",
                        help="CI mode: 1k accounts, 120x40, one run; results.md untouched")
    parser.add_argument("--sizes", type=int_list, default=None,
                        help="account counts, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--runs", type=int, default=None, help="runs per size (default 5)")
    parser.add_argument("--terminals", type=terminal_list, default=None,
                        help="terminal sizes COLSxROWS, comma-separated (default 120x40,80x24)")
    parser.add_argument("--queries", default="pac,wang",
                        help="search queries typed a key at a time (default pac,wang)")
    parser.add_argument("--cursor-moves", type=int, default=10,
                        help="down presses timed per run (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--no-markdown", action="store_true",
                        help="do not write benchmarks/results.md")
    parser.add_argument("--render", metavar="JSON", type=Path,
                        help="only rewrite benchmarks/results.md from a saved results JSON")
    args = parser.parse_args(argv)
    defaults = ([1000], 1, [(120, 40)]) if args.smoke else (
        [1000, 10_000, 100_000], 5, [(120, 40), (80, 24)])
    args.sizes = args.sizes or defaults[0]
    args.runs = args.runs or defaults[1]
    args.terminals = args.terminals or defaults[2]
    args.write_markdown = not (args.smoke or args.no_markdown)
    return args


def int_list(text: str) -> list[int]:
    """Parse "1000,10000" into numbers."""
    return [int(part.replace("_", "")) for part in text.split(",") if part]


def terminal_list(text: str) -> list[tuple[int, int]]:
    """Parse "120x40,80x24" into (cols, rows) pairs."""
    out = []
    for part in text.split(","):
        cols, rows = part.lower().split("x")
        out.append((int(cols), int(rows)))
    return out


def kam_argv(db: Path) -> list[str]:
    """Return the command that starts kam-tui on a database."""
    kam = Path(sys.executable).parent / "kam"
    head = [str(kam)] if kam.exists() else [sys.executable, "-m", "kam_tui"]
    # No daily backup: it would copy the synthetic database inside the timed first screen.
    return [*head, "--db", str(db), "--today", TODAY_ARG, "--lang", "en", "--no-backup"]


def kam_subject(dataset: datasets.Dataset) -> Subject:
    """Return kam-tui on one database, with the areas that are built."""
    built = tuple(area for module, area in AREAS.items() if (AREA_PACKAGES / module).is_dir())
    missing = tuple(figure for module, area in AREAS.items() if not (AREA_PACKAGES / module).is_dir()
                    for figure in (area.name, *[step.name for step in area.steps]))
    path = dataset.path
    if any(area.steps for area in built):  # it changes data: work on a copy, made once
        path = OUT / f"scratch-{dataset.accounts}.db"
        datasets.fresh_copy(dataset.path, path)
    return Subject(f"kam-tui {report.short_size(dataset.accounts)}", kam_argv(path),
                   datasets.Expectations(dataset.path), built, missing)


def floor_subject(source: datasets.Dataset) -> Subject:
    """Return the floor app on 100 rows of a database."""
    rows_path, rows = datasets.floor_rows(OUT, source.path)
    return Subject("floor", [sys.executable, str(HERE / "floor_app.py"), str(rows_path)],
                   datasets.FloorExpectations(rows))


def run_once(subject: Subject, options: Options, n: int, runs: int) -> SessionResult:
    """Run a subject once and report progress on stderr."""
    started = time.perf_counter()
    result = run_session(subject, options)
    took = time.perf_counter() - started
    state = "FAILED" if result.error else "areas FAILED" if result.area_error else "ok"
    print(f"  {subject.name:<14} {options.cols}x{options.rows} run {n + 1}/{runs}: {state} "
          f"(first screen {result.first_screen_ms:.0f} ms, {took:.1f} s)", file=sys.stderr)
    for error in (result.error, result.area_error):
        if error:
            print("    " + error.replace("\n", "\n    "), file=sys.stderr)
    return result


def measure_terminal(cols: int, rows: int, subjects: dict[str, Subject],
                     args: argparse.Namespace) -> dict[str, Any]:
    """Run the floor and every size at one terminal size, interleaved run by run."""
    options = Options(cols, rows, queries=tuple(q for q in args.queries.split(",") if q),
                      cursor_moves=args.cursor_moves)
    runs: dict[str, list[SessionResult]] = {key: [] for key in subjects}
    for n in range(args.runs):  # round-robin, so background load hits every subject alike
        for key, subject in subjects.items():
            runs[key].append(run_once(subject, options, n, args.runs))
    measured: dict[str, Any] = {"floor": None, "sizes": {}, "errors": [], "area_errors": []}
    for key, subject in subjects.items():
        entry = {"summary": report.summarize(runs[key]), "runs": [asdict(r) for r in runs[key]]}
        measured["errors"] += [f"{subject.name}: {r.error}" for r in runs[key] if r.error]
        measured["area_errors"] += [f"{subject.name}: {r.area_error}"
                                    for r in runs[key] if r.area_error]
        if key == "floor":
            measured["floor"] = entry
        else:
            measured["sizes"][key] = entry
    sizes = {int(k): v["summary"] for k, v in measured["sizes"].items()}
    measured["targets"] = report.targets(sizes, measured["floor"]["summary"])
    return measured


def prepare(args: argparse.Namespace) -> tuple[list[dict[str, Any]], dict[str, Subject]]:
    """Generate or reuse the databases; return their records and the subjects to run."""
    records, subjects = [], {}
    sets = {}
    for accounts in sorted(set(args.sizes) | {FLOOR_SOURCE_SIZE}):
        dataset = datasets.ensure_database(OUT, accounts, args.seed)
        sets[accounts] = dataset
        if accounts in args.sizes:
            records.append({"accounts": accounts, "seed": args.seed, "seconds": dataset.seconds,
                            "cached": dataset.cached, "rows": sum(dataset.counts.values()),
                            "mib": dataset.path.stat().st_size / 1_048_576})
            print(f"database {report.short_size(accounts)}: {dataset.path.name} "
                  f"({'cached, ' if dataset.cached else ''}generated in {dataset.seconds:.2f} s)",
                  file=sys.stderr)
    subjects["floor"] = floor_subject(sets[FLOOR_SOURCE_SIZE])
    for accounts in sorted(args.sizes):
        subjects[str(accounts)] = kam_subject(sets[accounts])
    return records, subjects


def save(results: dict[str, Any], write_markdown: bool) -> str:
    """Write the JSON files (and results.md); return the markdown report."""
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, indent=1, ensure_ascii=False)
    (OUT / f"results-{stamp}.json").write_text(text, encoding="utf-8")
    (OUT / "latest.json").write_text(text, encoding="utf-8")
    markdown = report.render(results)
    if write_markdown:
        RESULTS_MD.write_text(markdown, encoding="utf-8")
    return markdown


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0, or 1 if any run failed (no first screen, an area broke)."""
    args = parse_args(argv)
    if args.render:
        markdown = report.render(json.loads(args.render.read_text(encoding="utf-8")))
        RESULTS_MD.write_text(markdown, encoding="utf-8")
        print(markdown)
        return 0
    sys.setswitchinterval(0.0005)  # let the pty reader thread stamp output promptly
    subjects: dict[str, Subject] = {}
    results: dict[str, Any] = {
        "mode": "smoke" if args.smoke else "full",
        "machine": report.machine_info(ROOT),
        "options": {"sizes": args.sizes, "runs": args.runs, "seed": args.seed,
                    "terminals": [f"{c}x{r}" for c, r in args.terminals],
                    "queries": args.queries, "cursor_moves": args.cursor_moves},
        "terminals": {},
    }
    try:
        results["datasets"], subjects = prepare(args)
        for cols, rows in args.terminals:
            results["terminals"][f"{cols}x{rows}"] = measure_terminal(cols, rows, subjects, args)
    finally:
        for subject in subjects.values():
            subject.expect.close()
        for scratch in OUT.glob("scratch-*.db*"):
            scratch.unlink()
    results["machine"]["load_after"] = report.load_average()
    failed = sum(len(t["errors"]) for t in results["terminals"].values())
    areas_failed = sum(len(t["area_errors"]) for t in results["terminals"].values())
    print(save(results, args.write_markdown and not failed))
    if failed:
        print(f"{failed} run(s) failed; benchmarks/results.md left as it was.", file=sys.stderr)
    if areas_failed:
        print(f"Areas failed in {areas_failed} run(s); see above.", file=sys.stderr)
    return 1 if failed or areas_failed else 0


if __name__ == "__main__":
    sys.exit(main())

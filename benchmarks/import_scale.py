"""How the spreadsheet import scales: `kam import` of a 100,000-row XLSX against calamine (issue #11).

    .venv/bin/python benchmarks/import_scale.py              # 100,000 rows
    .venv/bin/python benchmarks/import_scale.py --rows 10000

Method:

* The sheet is synthetic (seed 1): a title row above a Chinese header, then one account per
  row: Chinese and English names (unique), mobiles as numbers and landlines as text, an owner
  from a team of eight (created by the import), installed bases as numbers and as "1.2万" text,
  first-cooperation dates as serial numbers with a date format, classes and notes. It is
  written with xlsxwriter and cached in benchmarks/out/ under its size and seed.
* Bare read: python-calamine opens the file and turns every row of the sheet into Python
  values, nothing else (the best of three runs). This is the floor every figure is a ratio to.
* Import: `kam --db NEW --today 2026-11-23 import FILE --create-people` in a subprocess on a
  fresh database: every row through the form's rules and the record engine, in one
  transaction, with its backup and batch. Then `--dry-run` of the same file on that database
  (every row a duplicate), and the export of the imported accounts as XLSX and as CSV.
* Peak RSS is each subprocess's own ru_maxrss (os.wait4), so one step never hides another.

The issue's targets: the import within 4x the bare read, its peak RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from kam_tui.core.domain.names import company_key  # noqa: E402
from kam_tui.sample import synthetic_names as names  # noqa: E402

OUT = HERE / "out"
TODAY = "2026-11-23"
SHEET_VERSION = 1  # bump when the sheet's make-up changes, so cached files are rebuilt
TARGET_RATIO = 4.0
TARGET_RSS_MB = 300
HEADER = ["客户名称", "简称", "联系电话", "地址", "区域", "负责人", "首次合作日期", "保有量（台）",
          "所属行业", "客户类别", "客户状态", "备注"]
OWNERS = ("王强", "李静", "张伟", "刘洋", "陈晨", "Peter Smith", "杨帆", "赵敏")
CLASSES = ("A 战略客户", "B 重点客户", "C 一般客户", "A", "B", "C")
STATUSES = ("现实客户", "潜在客户", "流失客户", "current", "potential")
NOTES = ("年底换车", "价格敏感", "", "", "关注新能源", "Prefers e-mail", "", "老客户介绍")


@dataclass
class Step:
    """One measured step: its label, wall and CPU seconds, its process's peak RSS (MB)."""

    label: str
    seconds: float
    cpu: float | None = None
    rss_mb: float | None = None
    note: str = ""


def account_rows(count: int, seed: int):  # type: ignore[no-untyped-def]
    """Yield count synthetic account rows (cells as the header says), names unique."""
    rnd = random.Random(seed)
    taken: set[str] = set()
    for index in range(count):
        english = rnd.random() < 0.25
        if english:
            word = rnd.choice(names.EN_WORDS)
            trade, industry = rnd.choice(names.EN_TRADES)
            name = f"{rnd.choice(names.EN_LAST)} {word} {trade} {rnd.choice(names.EN_SUFFIXES)}"
            short, region, address = f"{word} {trade}", rnd.choice(names.EN_REGIONS), (
                f"{rnd.randrange(1, 999)} {word} Road")
        else:
            (city, *_), region, _code = rnd.choice(names.CITIES)
            (trade, *_), industry = rnd.choice(names.TRADES)
            brand = rnd.choice(names.BRAND)[0] + rnd.choice(names.BRAND)[0]
            name = f"{city}{brand}{trade}{rnd.choice(names.SUFFIXES)[0]}"
            short, address = brand + trade, f"{city}市{brand}路{rnd.randrange(1, 999)}号"
        if company_key(name) in taken:  # the import would call it a duplicate of the file
            name = (f"{name} Branch {index}" if english
                    else f"{name.removesuffix('公司')}第{index}分公司")
        taken.add(company_key(name))
        # Unique numbers: the import holds back a new account with a known account's phone.
        phone: object = float(13_000_000_000 + index * 7919 % 6_999_999_999) if rnd.random(
        ) < 0.7 else f"0{rnd.randrange(10, 999)}-{80_000_000 + index}"
        installed: object = rnd.randrange(0, 1500)
        if rnd.random() < 0.15:
            installed = f"{rnd.randrange(1, 50) / 10:g}万"
        serial = 40_000 + rnd.randrange(0, 6000) if rnd.random() < 0.8 else None
        yield [name, short, phone, address, region, rnd.choice(OWNERS), serial, installed,
               industry, rnd.choice(CLASSES), rnd.choice(STATUSES), rnd.choice(NOTES)]


def write_sheet(path: Path, count: int, seed: int) -> None:
    """Write the sheet: a merged title row, the header, then the rows."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    page = book.add_worksheet("客户")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    page.merge_range(0, 0, 0, len(HEADER) - 1, "2026年大客户名录（合成数据）")
    page.write_row(1, 0, HEADER)
    for r, row in enumerate(account_rows(count, seed), start=2):
        for col, value in enumerate(row):
            if value is None:
                continue
            if col == 6:
                page.write_number(r, col, value, dates)
            elif isinstance(value, str):
                page.write_string(r, col, value)
            else:
                page.write_number(r, col, value)
    book.close()


def ensure_sheet(count: int, seed: int) -> tuple[Path, float | None]:
    """Return the cached sheet for (count, seed) and the seconds writing it took (None: cached)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"import-{count}-seed{seed}-v{SHEET_VERSION}.xlsx"
    if path.exists():
        return path, None
    started = time.perf_counter()
    partial = path.with_suffix(".part.xlsx")
    write_sheet(partial, count, seed)
    partial.replace(path)
    return path, time.perf_counter() - started


def bare_read(path: Path) -> tuple[float, int]:
    """Read every row of the first sheet with calamine; return seconds and the rows read."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    rows = sum(1 for _ in book.get_sheet_by_name(book.sheet_names[0]).iter_rows())
    book.close()
    return time.perf_counter() - started, rows


def run_kam(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run kam with args; return wall and CPU seconds, its peak RSS in MB and its output."""
    kam = Path(sys.executable).parent / "kam"
    head = [str(kam)] if kam.exists() else [sys.executable, "-m", "kam_tui"]
    started = time.perf_counter()
    process = subprocess.Popen([*head, *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    # wait4 gives this child's own rusage; communicate() first would reap it.
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"kam {' '.join(args)} failed ({process.returncode}):\n{output}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def counts(output: str) -> str:
    """Return the report's non-zero counts on one line."""
    shown = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[-1].isdigit() and line.startswith("  ") and parts[-1] != "0":
            shown.append(f"{' '.join(parts[:-1])} {int(parts[-1]):,}")
    return ", ".join(shown)


def table(steps: list[Step], floor: float) -> str:
    """Return the figures as a markdown table with ratios to the bare read."""
    lines = ["| step | seconds | × bare read | rows/s | CPU s | peak RSS (MB) | |",
             "|:---|---:|---:|---:|---:|---:|:---|"]
    for step in steps:
        rate = f"{ROWS / step.seconds:,.0f}" if step.seconds else ""
        cpu = f"{step.cpu:.2f}" if step.cpu is not None else ""
        rss = f"{step.rss_mb:.0f}" if step.rss_mb is not None else ""
        lines.append(f"| {step.label} | {step.seconds:.2f} | {step.seconds / floor:.1f} | "
                     f"{rate} | {cpu} | {rss} | {step.note} |")
    return "\n".join(lines)


ROWS = 0


def main(argv: list[str] | None = None) -> int:
    """Generate the sheet, time the bare read, the import and the exports; print the table."""
    global ROWS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=lambda text: int(text.replace("_", "")), default=100_000,
                        help="accounts in the sheet (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database and exports")
    args = parser.parse_args(argv)
    ROWS = args.rows

    load_before = f"{os.getloadavg()[0]:.2f}"
    sheet, wrote = ensure_sheet(args.rows, args.seed)
    size = sheet.stat().st_size / 1_048_576
    print(f"kam-tui import scale: {args.rows:,} accounts, {sheet.name} ({size:.1f} MB, "
          + (f"written in {wrote:.1f} s)" if wrote is not None else "cached)"), file=sys.stderr)
    cpu_before = time.process_time()
    reads = [bare_read(sheet) for _ in range(3)]
    floor = min(seconds for seconds, _ in reads)
    read_cpu = (time.process_time() - cpu_before) / 3
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    folder = Path(tempfile.mkdtemp(prefix="kam-import-bench-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("KAM_")}
    env.update(KAM_DATA_DIR=str(folder / "data"), KAM_STATE_DIR=str(folder / "state"))
    db = folder / "kam.db"
    common = ["--db", str(db), "--today", TODAY, "--lang", "en"]
    steps = [Step("calamine bare read", floor, read_cpu, None,
                  f"{reads[0][1]:,} rows; this process peaked at {own_rss:.0f} MB")]
    try:
        seconds, cpu, rss, output = run_kam([*common, "import", str(sheet), "--create-people",
                                             "--refused-file", str(folder / "refused.csv")], env)
        if "Imported as batch" not in output:
            raise SystemExit(f"the import stored nothing:\n{output}")
        steps.append(Step("kam import (new database)", seconds, cpu, rss, counts(output)))
        seconds, cpu, rss, output = run_kam([*common, "import", str(sheet), "--dry-run",
                                             "--refused-file", str(folder / "refused-2.csv")],
                                            env)
        steps.append(Step("kam import --dry-run (all stored)", seconds, cpu, rss,
                          counts(output)))
        for fmt in ("xlsx", "csv"):
            target = folder / f"accounts.{fmt}"
            seconds, cpu, rss, _ = run_kam([*common, "export", "--kind", "accounts", "--format",
                                            fmt, str(target)], env)
            steps.append(Step(f"kam export accounts → {fmt}", seconds, cpu, rss,
                              f"{target.stat().st_size / 1_048_576:.1f} MB"))
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(table(steps, floor))
    imported = steps[1]
    ratio = imported.seconds / floor
    print(f"\nmachine load before/after: {load_before} / {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores (CPU seconds are less swayed by other work than wall time)")
    print(f"import: {args.rows / imported.seconds:,.0f} rows/s, {ratio:.1f}x the bare read "
          f"(target {TARGET_RATIO:g}x: {'met' if ratio <= TARGET_RATIO else 'missed'}), peak RSS "
          f"{imported.rss_mb:.0f} MB (target {TARGET_RSS_MB} MB: "
          f"{'met' if (imported.rss_mb or 0) < TARGET_RSS_MB else 'missed'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

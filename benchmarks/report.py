"""Medians of the sessions, the issue's targets, and the tables printed and written to disk."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scenario import SessionResult

NOT_BUILT = "n/a (not built yet)"


@dataclass(frozen=True)
class Figure:
    """A summary figure: its key, label, number format, and whether growth is checked."""

    key: str
    label: str
    fmt: str = "{:.1f}"
    growth: bool = True


FIGURES = (
    Figure("first_screen_ms", "first screen (ms)"),
    Figure("first_screen_kib", "bytes to first screen (KiB)"),
    Figure("cursor_ms", "cursor move (ms)", "{:.1f}"),
    Figure("cursor_bytes", "bytes per cursor move", "{:,.0f}"),
    Figure("search_ms", "search keystroke, median (ms)"),
    Figure("search_p90_ms", "search keystroke, p90 (ms)", growth=False),
    Figure("search_bytes", "bytes per search keystroke", "{:,.0f}", growth=False),
    Figure("rss_mib", "peak RSS (MiB)"),
    Figure("pipeline", "pipeline board, key 2 (ms)"),
    Figure("stage_move", "stage move on the board (ms)"),
    Figure("calendar", "calendar, key 4 (ms)"),
)
AREA_FIGURES = ("pipeline", "stage_move", "calendar")
GROWTH_LIMIT = 0.20


def median(values: list[float]) -> float | None:
    """Return the median, or None for no values."""
    return statistics.median(values) if values else None


def p90(values: list[float]) -> float | None:
    """Return the 90th percentile (inclusive), or None for no values."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def summarize(runs: list[SessionResult]) -> dict[str, Any]:
    """Return the medians over the runs that finished (keystrokes and moves pooled)."""
    good = [run for run in runs if run.error is None]
    search = [k["ms"] for run in good for k in run.search]
    summary: dict[str, Any] = {
        "runs": len(runs),
        "failed": len(runs) - len(good),
        "first_screen_ms": median([run.first_screen_ms for run in good]),
        "first_screen_kib": median([run.first_screen_bytes / 1024 for run in good]),
        "cursor_ms": median([ms for run in good for ms in run.cursor_ms]),
        "cursor_bytes": median([b for run in good for b in run.cursor_bytes]),
        "search_ms": median(search),
        "search_p90_ms": p90(search),
        "search_max_ms": max(search) if search else None,
        "search_bytes": median([k["bytes"] for run in good for k in run.search]),
        "rss_mib": median([run.rss_kib / 1024 for run in good if run.rss_kib]),
        "maxrss_mib": median([run.maxrss_kib / 1024 for run in good if run.maxrss_kib]),
        "cursor_unchanged": sum(run.cursor_unchanged for run in good),
        "search_ambiguous": sum(k["ambiguous"] for run in good for k in run.search),
    }
    summary["rss_after_areas_mib"] = median([run.rss_after_areas_kib / 1024 for run in good
                                             if run.rss_after_areas_kib])
    summary["not_built"] = sorted({name for run in runs for name in run.areas_missing})
    summary["area_failures"] = sum(run.area_error is not None for run in good)
    for name in AREA_FIGURES:
        summary[name] = median([run.areas[name] for run in good if name in run.areas])
    return summary


# --- targets -----------------------------------------------------------------------------------


def ratio(a: float | None, b: float | None) -> float | None:
    """Return a / b, or None when either is missing."""
    return a / b if a is not None and b else None


def targets(sizes: dict[int, dict[str, Any]], floor: dict[str, Any]) -> list[dict[str, Any]]:
    """Check the issue's targets at the largest size measured against the floor."""
    largest, smallest = max(sizes), min(sizes)
    big = sizes[largest]
    label = short_size(largest)
    out = [
        target(f"first screen at {label} ≤ 1.5× floor",
               ratio(big["first_screen_ms"], floor["first_screen_ms"]), 1.5),
        target(f"search keystroke at {label} ≤ 7× floor cursor move (aim 2×)",
               ratio(big["search_ms"], floor["cursor_ms"]), 7.0),
        target(f"peak RSS at {label} ≤ 1.5× floor",
               ratio(big["rss_mib"], floor["rss_mib"]), 1.5),
    ]
    if largest != smallest:
        growth = growths(sizes[smallest], big)
        worst = max(growth.items(), key=lambda item: item[1], default=(None, None))
        item = target(f"growth {short_size(smallest)}→{label} ≤ 20% (every figure)",
                      None if worst[1] is None else 1 + worst[1], 1 + GROWTH_LIMIT)
        item["worst"] = worst[0]
        item["growth"] = growth
        out.append(item)
    return out


def target(name: str, value: float | None, limit: float) -> dict[str, Any]:
    """Return one target's verdict."""
    met = None if value is None else value <= limit
    return {"target": name, "value": value, "limit": limit, "met": met}


def growths(small: dict[str, Any], big: dict[str, Any]) -> dict[str, float]:
    """Return each growth-checked figure's relative growth from the small size to the big one."""
    out = {}
    for figure in FIGURES:
        if figure.growth and small.get(figure.key) and big.get(figure.key) is not None:
            out[figure.key] = big[figure.key] / small[figure.key] - 1
    return out


def verdict(item: dict[str, Any]) -> str:
    """Return a target's value and met/missed as table text."""
    if item["value"] is None:
        return "n/a"
    met = "met" if item["met"] else "missed"
    if "growth" not in item:
        return f"{item['value']:.2f}× — {met}"
    return f"{(item['value'] - 1) * 100:+.0f}% — {met} (worst: {label_of(item['worst'])})"


# --- tables ------------------------------------------------------------------------------------


def short_size(accounts: int) -> str:
    """Return 1k, 10k, 100k for account counts."""
    return f"{accounts // 1000}k" if accounts >= 1000 and accounts % 1000 == 0 else str(accounts)


def label_of(key: str) -> str:
    """Return a figure's label."""
    return next(f.label for f in FIGURES if f.key == key)


def cell(figure: Figure, summary: dict[str, Any]) -> str:
    """Return one table cell of a subject's summary."""
    value = summary.get(figure.key)
    if value is not None:
        return figure.fmt.format(value)
    if figure.key in AREA_FIGURES:
        if figure.key in summary.get("not_built", ()):
            return NOT_BUILT
        return "failed" if summary.get("area_failures") else "—"
    return "—"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """Return a markdown table with right-aligned number columns."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def figures_table(terminal: dict[str, Any]) -> str:
    """Return the figures of one terminal size: floor, each size, ratio and growth."""
    sizes: dict[int, dict[str, Any]] = {int(k): v["summary"] for k, v in terminal["sizes"].items()}
    floor = terminal["floor"]["summary"]
    order = sorted(sizes)
    largest, smallest = order[-1], order[0]
    header = ["figure", "floor", *[short_size(s) for s in order], f"{short_size(largest)} ÷ floor"]
    if len(order) > 1:
        header.append(f"{short_size(smallest)}→{short_size(largest)}")
    rows = []
    for figure in FIGURES:
        row = [figure.label, "—" if figure.key in AREA_FIGURES else cell(figure, floor)]
        row += [cell(figure, sizes[s]) for s in order]
        r = ratio(sizes[largest].get(figure.key), floor.get(figure.key))
        row.append("—" if r is None else f"{r:.2f}×")
        if len(order) > 1:
            g = ratio(sizes[largest].get(figure.key), sizes[smallest].get(figure.key))
            row.append("—" if g is None else f"{(g - 1) * 100:+.0f}%")
        rows.append(row)
    return markdown_table(header, rows)


def targets_table(results: dict[str, Any]) -> str:
    """Return the targets, one column per terminal size."""
    terminals = list(results["terminals"])
    names: list[str] = []
    by_terminal = {t: {i["target"]: i for i in results["terminals"][t]["targets"]}
                   for t in terminals}
    for t in terminals:
        names += [item["target"] for item in results["terminals"][t]["targets"]
                  if item["target"] not in names]
    rows = [[name] + [verdict(by_terminal[t][name]) if name in by_terminal[t] else "—"
                      for t in terminals] for name in names]
    return markdown_table(["target", *terminals], rows)


def datasets_table(results: dict[str, Any]) -> str:
    """Return the generated databases: rows, size on disk and generation time."""
    rows = [[short_size(d["accounts"]), f"{d['rows']:,}", f"{d['mib']:.1f}",
             f"{d['seconds']:.2f}" + (" (cached)" if d["cached"] else "")]
            for d in results["datasets"]]
    return markdown_table(["accounts", "rows in all tables", "file (MiB)", "generation (s)"], rows)


def notes(terminal: dict[str, Any]) -> list[str]:
    """Return remarks on one terminal's runs: failures and keys whose effect could not be seen."""
    out = []
    subjects = {"floor": terminal["floor"]["summary"],
                **{short_size(int(k)): v["summary"] for k, v in terminal["sizes"].items()}}
    unchanged = {k: v["cursor_unchanged"] for k, v in subjects.items() if v["cursor_unchanged"]}
    if unchanged:
        listed = ", ".join(f"{k}: {v}" for k, v in unchanged.items())
        out.append(f"Cursor moves that changed nothing on screen, so were not timed: {listed}.")
    if terminal.get("errors"):
        out.append(f"{len(terminal['errors'])} run(s) failed; see the JSON for the screens.")
    for error in terminal.get("area_errors", [])[:1]:
        first_line = error.splitlines()[0].removesuffix("; screen:")
        out.append(f"Areas failed in {len(terminal['area_errors'])} run(s), e.g. {first_line}.")
    return [""] + out if out else []


def render(results: dict[str, Any]) -> str:
    """Return the whole report as markdown."""
    machine = results["machine"]
    parts = [
        "# Benchmark results",
        "",
        f"{machine['date']} · Python {machine['python']} · Textual {machine['textual']} · "
        f"{machine['cpus']} CPUs ({machine['cpu']}) · {machine['system']} · "
        f"commit {machine['commit']} · load average {machine.get('load_before')} before, "
        f"{machine.get('load_after')} after",
        "",
        f"Mode: {results['mode']}; {results['options']['runs']} run(s) per size and terminal; "
        "medians. Method and commands: [benchmarks/README.md](README.md).",
        "",
        "## Synthetic databases (seed 1)",
        "",
        datasets_table(results),
    ]
    for name, terminal in results["terminals"].items():
        parts += ["", f"## {name} terminal", "", figures_table(terminal)]
        parts += notes(terminal)
    parts += ["", "## Targets (issue #6)", "", targets_table(results), ""]
    return "\n".join(parts)


# --- machine -----------------------------------------------------------------------------------


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, if there is one."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def git_commit(root: Path) -> str:
    """Return the short commit the working tree is on (with + if it has changes)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kam_tui"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("+" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_average() -> float | None:
    """Return the 1-minute load average, if the system has one."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def machine_info(root: Path) -> dict[str, Any]:
    """Return what the numbers were measured on."""
    import textual

    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "textual": getattr(textual, "__version__", "?"),
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "system": f"{platform.system()} {platform.release()}",
        "commit": git_commit(root),
        "load_before": load_average(),
    }

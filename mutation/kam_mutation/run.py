"""Run cosmic-ray over each rules module against its own tests, in a private copy; print scores."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "mutation"
AIM = 90.0

# The mutations the issue names (flip a comparison, a constant by one, and/or, min/max, return None)
# and a few more of the kind; cosmic-ray's others mostly make noise (bit operators, `is` for `==`).
OPERATORS = re.compile(
    r"core/ReplaceComparisonOperator_(Eq|NotEq|Lt|LtE|Gt|GtE)_(Eq|NotEq|Lt|LtE|Gt|GtE)$"
    r"|core/ReplaceComparisonOperator_(Is_IsNot|IsNot_Is)$"
    r"|core/NumberReplacer$|core/ReplaceAndWithOr$|core/ReplaceOrWithAnd$"
    r"|core/ReplaceTrueWithFalse$|core/ReplaceFalseWithTrue$|core/AddNot$"
    r"|core/ReplaceBinaryOperator_(Add_Sub|Sub_Add|Mul_Div|Div_Mul|FloorDiv_Div|Mod_FloorDiv)$"
    r"|core/ReplaceUnaryOperator_USub_UAdd$|core/ZeroIterationForLoop$"
    r"|core/ReplaceBreakWithContinue$|core/ReplaceContinueWithBreak$"
    r"|kam/SwapMinMax$|kam/ReturnNone$"
)


@dataclass
class Mutant:
    """One mutant that the module's tests let live."""

    module: str
    line: int
    operator: str
    code: str
    mutated: str
    diff: str
    why_equivalent: str | None = None


@dataclass
class Score:
    """What one module's run found."""

    module: str
    gated: bool
    mutants: int = 0
    killed: int = 0
    survivors: list[Mutant] = field(default_factory=list)
    baseline_failed: str | None = None
    seconds: float = 0.0

    @property
    def equivalent(self) -> int:
        return sum(1 for m in self.survivors if m.why_equivalent)

    @property
    def live(self) -> list[Mutant]:
        return [m for m in self.survivors if not m.why_equivalent]

    @property
    def percent(self) -> float:
        counted = self.mutants - self.equivalent
        return 100.0 if counted == 0 else 100.0 * self.killed / counted


def main(argv: list[str] | None = None) -> int:
    """Run the modules asked for (all by default); exit 1 when a gated module is under the aim."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("only", nargs="*", help="run only modules whose path contains one of these")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--show", action="store_true", help="print every live mutant's diff")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    modules, equivalents = _load_config()
    chosen = [m for m in modules if not args.only or any(o in m["path"] for o in args.only)]
    if not chosen:
        print("no module matches", args.only, file=sys.stderr)
        return 2
    # Set before the workers start, so they and every test run inherit them: mutants are
    # compiled afresh (a stale .pyc of the same size and second would hide one).
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    scores: list[Score] = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_module, m, equivalents) for m in chosen]
        for future in as_completed(futures):
            score = future.result()
            scores.append(score)
            print(f"  {score.module}: {score.percent:.1f}% in {score.seconds:.0f} s",
                  file=sys.stderr)
    scores.sort(key=lambda s: [m["path"] for m in chosen].index(s.module))
    _print_survivors(scores, args.show)
    _print_table(scores, args.markdown)
    failed = [s for s in scores if s.gated and (s.baseline_failed or s.percent < AIM)]
    return 1 if failed else 0


def run_module(module: dict, equivalents: list[dict]) -> Score:
    """Mutate one module in a private copy of the tree and run its tests against each mutant."""
    from cosmic_ray.commands import init
    from cosmic_ray.mutating import mutate_and_test
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    started = time.monotonic()
    score = Score(module=module["path"], gated=module.get("gated", True))
    with tempfile.TemporaryDirectory(prefix="kam-mutation-") as tmp:
        copy = Path(tmp) / "tree"
        _copy_tree(copy)
        # Absolute paths into the copy: pytest finds its settings (and kam_tui) there.
        target = copy / module["path"]
        command = (f"{sys.executable} -m pytest -x -q --noconftest -p no:cacheprovider "
                   + " ".join(str(copy / test) for test in module["tests"]))
        baseline = subprocess.run(command.split(), capture_output=True, text=True, timeout=300)
        if baseline.returncode != 0:
            score.baseline_failed = baseline.stdout[-2000:]
            return score
        source = target.read_text(encoding="utf-8").splitlines()
        with use_db(str(Path(tmp) / "session.sqlite"), WorkDB.Mode.create) as db:
            init([target], db, {})
            for item in list(db.pending_work_items):
                mutation = item.mutations[0]
                if not OPERATORS.match(mutation.operator_name):
                    db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                    continue
                result = mutate_and_test(item.mutations, command, module.get("timeout", 30))
                db.set_result(item.job_id, result)
                if result.worker_outcome == WorkerOutcome.NO_TEST:
                    continue
                score.mutants += 1
                if result.test_outcome != TestOutcome.SURVIVED:
                    score.killed += 1
                    continue
                line = mutation.start_pos[0]
                mutated = _mutated_line(result.diff or "")
                score.survivors.append(Mutant(
                    module=module["path"], line=line, operator=mutation.operator_name,
                    code=source[line - 1].strip(), mutated=mutated, diff=result.diff or "",
                    why_equivalent=_why_equivalent(equivalents, module["path"], mutated)))
    score.seconds = time.monotonic() - started
    return score


def _mutated_line(diff: str) -> str:
    """Return the first line the mutant changed, as it reads after the change."""
    for line in diff.splitlines():
        if line.startswith("+") and not line.startswith("+++"):
            return line[1:].strip()
    return ""


def _why_equivalent(equivalents: list[dict], path: str, mutated: str) -> str | None:
    """Return the recorded reason when this surviving mutant was judged equivalent."""
    for entry in equivalents:
        if entry["module"] == path and entry["mutant"] == mutated:
            return entry["why"]
    return None


def _copy_tree(target: Path) -> None:
    """Copy the package, the tests and the pytest settings, so mutants never touch the real tree."""
    ignore = shutil.ignore_patterns("__pycache__", "__snapshots__", "*.pyc")
    shutil.copytree(ROOT / "kam_tui", target / "kam_tui", ignore=ignore)
    shutil.copytree(ROOT / "tests", target / "tests", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")


def _load_config() -> tuple[list[dict], list[dict]]:
    """Read every area's file in mutation/modules: its modules and its equivalent mutants."""
    modules: list[dict] = []
    equivalents: list[dict] = []
    for path in sorted((HERE / "modules").glob("*.toml")):
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        modules += data.get("module", [])
        equivalents += data.get("equivalent", [])
    return modules, equivalents


def _print_survivors(scores: list[Score], show: bool) -> None:
    for score in scores:
        if score.baseline_failed:
            print(f"\n{score.module}: its tests fail without any mutation:\n"
                  f"{score.baseline_failed}")
        for mutant in score.live:
            print(f"{mutant.module}:{mutant.line}: {mutant.operator}: {mutant.code}"
                  f"  ->  {mutant.mutated}")
            if show:
                print("\n".join("    " + d for d in mutant.diff.splitlines()[2:]))


def _print_table(scores: list[Score], markdown: bool) -> None:
    rows = [("module", "mutants", "killed", "equivalent", "live", "score", "")]
    for s in scores:
        under = s.baseline_failed or s.percent < AIM
        mark = "" if not s.gated else ("UNDER" if under else "ok")
        rows.append((s.module.removeprefix("kam_tui/"), str(s.mutants), str(s.killed),
                     str(s.equivalent), str(len(s.live)), f"{s.percent:.1f}%", mark))
    if markdown:
        print("\n| " + " | ".join(rows[0][:-1]) + " |")
        print("|" + "---|" * (len(rows[0]) - 1))
        for row in rows[1:]:
            print("| " + " | ".join(row[:-1]) + " |")
        return
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))


if __name__ == "__main__":
    sys.exit(main())

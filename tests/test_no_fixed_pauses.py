"""No test waits a fixed time before it looks: each waits for the condition it is about.

A fixed pause (`pilot.pause(0.2)`, `asyncio.sleep(0.3)`, `time.sleep(...)`) is either too long
(the suite crawls) or, on a loaded two-core CI machine, too short (the test fails at random, or
passes having checked nothing). Wait instead with the helpers in tests/helpers.py: `wait_for`
(a condition), `settled` (keys, workers and their messages all done), `keys_handled`, `handled`.
`pilot.pause()` with no delay only lets pending messages run, and is fine.

The source is read with `ast`, so comments, strings and names that merely look alike do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

# (file relative to the repository, enclosing function): why a fixed wait is right there.
ALLOWED = {
    ("tests/helpers.py", "wait_for"):
        "the polling step of the condition wait itself: it looks again after each step",
}


def _dotted(node: ast.AST) -> str:
    """Return `a.b.c` for a name or attribute chain, else ''."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_zero(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0 and not isinstance(node.value, bool)


def _delay(call: ast.Call, keyword: str) -> ast.AST | None:
    """Return the call's delay argument (first positional, or by keyword), if given."""
    if call.args:
        return call.args[0]
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    return None


class _Finder(ast.NodeVisitor):
    """Collect the fixed waits of one module, each with the function it is in."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str, str]] = []  # line, enclosing function, the call
        self._functions: list[str] = []
        self._time_names: set[str] = set()  # names bound to time.sleep by an import
        self._asyncio_names: set[str] = set()  # names bound to asyncio.sleep

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "sleep" and node.module == "time":
                self._time_names.add(alias.asname or alias.name)
            if alias.name == "sleep" and node.module == "asyncio":
                self._asyncio_names.add(alias.asname or alias.name)
        self.generic_visit(node)

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._functions.append(node.name)
        self.generic_visit(node)
        self._functions.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        what = None
        if isinstance(node.func, ast.Attribute) and node.func.attr == "pause":
            delay = _delay(node, "delay")
            if delay is not None and not _is_none(delay):
                what = f"{name or 'pause'}({ast.unparse(delay)})"
        elif name == "time.sleep" or name in self._time_names:
            what = f"time.sleep({', '.join(ast.unparse(a) for a in node.args)})"
        elif name == "asyncio.sleep" or name in self._asyncio_names:
            delay = _delay(node, "delay")
            if delay is not None and not _is_zero(delay):  # sleep(0) only yields a turn
                what = f"asyncio.sleep({ast.unparse(delay)})"
        if what is not None:
            self.found.append((node.lineno, self._functions[-1] if self._functions else "",
                               what))
        self.generic_visit(node)


def fixed_waits(source: str) -> list[tuple[int, str, str]]:
    """Return (line, enclosing function, call) of each fixed wait in a module's source."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def test_no_test_waits_a_fixed_time():
    offending: list[str] = []
    used: set[tuple[str, str]] = set()
    for path in sorted(TESTS.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for line, function, call in fixed_waits(path.read_text(encoding="utf-8")):
            if (relative, function) in ALLOWED:
                used.add((relative, function))
                continue
            offending.append(f"{relative}:{line}: {call} in {function or 'the module'}")
    assert not offending, ("fixed waits; wait for the condition instead (tests/helpers.py):\n"
                           + "\n".join(offending))
    assert used == set(ALLOWED), f"allowed but no longer there: {set(ALLOWED) - used}"


def test_the_scan_finds_each_kind_of_fixed_wait():
    source = '''
import asyncio
import time
from time import sleep as nap
from asyncio import sleep


async def waits(pilot):
    await pilot.pause(0.2)
    await pilot.pause(delay=1)
    await pilot.pause()
    await pilot.pause(None)
    await asyncio.sleep(0.3)
    await asyncio.sleep(0)
    await sleep(0.1)
    time.sleep(0.5)
    nap(1)
    # await pilot.pause(9) in a comment, and "time.sleep(1)" in a string, are not calls
'''
    assert fixed_waits(source) == [
        (9, "waits", "pilot.pause(0.2)"),
        (10, "waits", "pilot.pause(1)"),
        (13, "waits", "asyncio.sleep(0.3)"),
        (15, "waits", "asyncio.sleep(0.1)"),
        (16, "waits", "time.sleep(0.5)"),
        (17, "waits", "time.sleep(1)"),
    ]

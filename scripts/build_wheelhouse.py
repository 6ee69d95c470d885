"""Build a wheelhouse: kam-tui and every library it needs, for a laptop that has no network.

Run it on a connected machine (any system, Python 3.11+, nothing but pip needed), from anywhere:

    python scripts/build_wheelhouse.py                    # for this machine's system and Python
    python scripts/build_wheelhouse.py --platform win_amd64 --python-version 3.11
    python scripts/build_wheelhouse.py --platform macosx_11_0_arm64 --python-version 3.12

For another system only binary wheels will do (python-calamine and charset-normalizer have one
per system and Python version), so the rep's Python version must be the one given here. Several
targets may share one folder: each run adds its wheels. Copy the folder to the laptop and run
the commands in its INSTALL.txt.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

INSTALL = """\
kam-tui offline install: this folder holds kam-tui and every library it needs{target}.
Nothing is downloaded: you need Python {python} and this folder.

Windows (cmd), in this folder:
    set KAM=%LOCALAPPDATA%\\Programs\\kam-tui
    py -{python} -m venv %KAM%
    %KAM%\\Scripts\\python -m pip install --no-index --find-links . kam-tui
    %KAM%\\Scripts\\kam --demo

macOS and Linux, in this folder:
    python{python} -m venv ~/.kam-venv
    ~/.kam-venv/bin/python -m pip install --no-index --find-links . kam-tui
    ~/.kam-venv/bin/kam --demo

A newer kam-tui later: its wheelhouse, the same pip line with --upgrade.
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=Path("wheelhouse"),
                        help="the folder to fill (default: ./wheelhouse)")
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="kam-tui's source folder (default: the one this script is in)")
    parser.add_argument("--platform", action="append", metavar="TAG",
                        help="the laptop's wheel platform tag, e.g. win_amd64, "
                        "macosx_11_0_arm64, macosx_10_12_x86_64, manylinux2014_x86_64 "
                        "(repeat for tags one laptop accepts; default: this machine)")
    parser.add_argument("--python-version", metavar="X.Y",
                        help="the laptop's Python version (default: this Python's)")
    return parser.parse_args(argv)


def pip(*args: str) -> None:
    """Run this Python's pip; a failure ends the script with pip's own message above."""
    command = [sys.executable, "-m", "pip", *args]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


# Not copied for the build: a stale build/lib would be packaged (modules long removed), and the
# rest is large or not kam's.
TOP_LEVEL_ONLY = {".git", ".venv", "venv", "build", "dist", "wheelhouse", "benchmarks",
                  "screenshots", "tests"}
ANYWHERE = shutil.ignore_patterns("*.egg-info", "__pycache__", ".*_cache", "*.db", "*.db-*")


def _not_source(root: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(ANYWHERE(folder, names))
        return skipped | (TOP_LEVEL_ONLY & set(names) if Path(folder) == root else set())

    return ignore


def build_kam(source: Path, dest: Path) -> Path:
    """Build kam-tui's own wheel (pure Python, any system) from a clean copy; return it."""
    with tempfile.TemporaryDirectory() as folder:
        clean = Path(folder) / "source"
        shutil.copytree(source, clean, ignore=_not_source(source))
        pip("wheel", "--no-deps", "--wheel-dir", folder, str(clean))
        (built,) = Path(folder).glob("kam_tui-*.whl")
        return Path(shutil.copy2(built, dest / built.name))


def add_libraries(kam: Path, dest: Path, platforms: list[str] | None,
                  python_version: str | None) -> None:
    """Put the wheels of every library kam needs beside it, for this machine or the target."""
    if not platforms and not python_version:
        # For this machine a library without a wheel for it can be built here.
        pip("wheel", "--wheel-dir", str(dest), str(kam))
        return
    # For another system nothing can be built here: binary wheels for that system only.
    target = ["--only-binary=:all:", "--implementation", "cp"]
    for tag in platforms or ():
        target += ["--platform", tag]
    if python_version:
        target += ["--python-version", python_version]
    pip("download", "--dest", str(dest), *target, str(kam))


def main(argv: list[str] | None = None) -> int:
    """Fill the wheelhouse and write its INSTALL.txt; return the exit code."""
    args = parse_args(argv)
    dest = args.dest.expanduser().resolve()
    dest.mkdir(parents=True, exist_ok=True)
    kam = build_kam(args.source.resolve(), dest)
    add_libraries(kam, dest, args.platform, args.python_version)
    python = args.python_version or f"{sys.version_info.major}.{sys.version_info.minor}"
    target = f" ({', '.join(args.platform)})" if args.platform else ""
    (dest / "INSTALL.txt").write_text(INSTALL.format(target=target, python=python),
                                      encoding="utf-8")
    wheels = sorted(path.name for path in dest.glob("*.whl"))
    print(f"{len(wheels)} wheels in {dest}; on the laptop see {dest / 'INSTALL.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The offline install: a wheelhouse built on a connected machine installs kam with no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_wheelhouse.py"
UNREACHABLE = "http://127.0.0.1:9/simple"  # the discard port on loopback: nothing answers
BIN = "Scripts" if sys.platform == "win32" else "bin"


def _build(dest: Path, *target: str) -> subprocess.CompletedProcess[str]:
    """Run the script as the connected machine would (it may use the registry)."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--dest", str(dest), *target],
                          check=False, capture_output=True, text=True, timeout=600,
                          cwd=dest.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheelhouse for this machine once per run."""
    dest = tmp_path_factory.mktemp("connected") / "wheelhouse"
    _build(dest)
    return dest


def _laptop_env(home: Path) -> dict[str, str]:
    """Return an environment in which pip can reach no index and reads no configuration."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PIP_", "KAM_", "PYTHON")) and name != "VIRTUAL_ENV"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=UNREACHABLE, PIP_NO_CACHE_DIR="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    return env


def _run(command: list[str | Path], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run([str(part) for part in command], check=False, env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_wheelhouse_installs_kam_with_no_network(wheelhouse: Path, tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "home")
    laptop = tmp_path / "laptop"
    _run([sys.executable, "-m", "venv", laptop], env, tmp_path)  # ensurepip: no network either
    python = laptop / BIN / "python"
    log = _run([python, "-m", "pip", "install", "--no-index", "--find-links", wheelhouse,
                "kam-tui"], env, tmp_path)
    assert "Looking in links" in log and "Looking in indexes" not in log
    assert "Successfully installed" in log and "kam-tui-0" in log
    # Out of the source folder, so that nothing but the installed copy can be imported.
    where = _run([python, "-c", "import kam_tui.cli, python_calamine; print(kam_tui.__file__)"],
                 env, tmp_path)
    assert Path(where.strip()).is_relative_to(laptop)
    assert "Key account management" in _run([laptop / BIN / "kam", "--help"], env, tmp_path)
    assert "kam --demo" in (wheelhouse / "INSTALL.txt").read_text("utf-8")


def test_a_wheelhouse_for_a_windows_laptop_holds_windows_wheels(tmp_path: Path) -> None:
    dest = tmp_path / "for-windows"
    _build(dest, "--platform", "win_amd64", "--python-version", "3.11")
    wheels = {path.name for path in dest.glob("*.whl")}
    assert any(name.startswith("kam_tui-") and name.endswith("py3-none-any.whl")
               for name in wheels)
    assert any(name.startswith("python_calamine-") and name.endswith("cp311-win_amd64.whl")
               for name in wheels)
    assert not [name for name in wheels if "linux" in name or "macosx" in name]
    assert "py -3.11 -m venv" in (dest / "INSTALL.txt").read_text("utf-8")

"""Where kam keeps its files: the database, its backups, drafts and the error log."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "kam-tui"

# Tests and portable installs point these elsewhere; nothing else reads the environment for paths.
DATA_ENV = "KAM_DATA_DIR"
STATE_ENV = "KAM_STATE_DIR"


def data_dir() -> Path:
    """Return the user's data folder (the database and its backups live here)."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Return the user's state folder (drafts and the error log live here)."""
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV]).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))


def user_db_path() -> Path:
    """Return the user's own database file."""
    return data_dir() / "kam.db"


def backups_dir() -> Path:
    """Return the folder the automatic and manual backups go to."""
    return data_dir() / "backups"


def drafts_dir() -> Path:
    """Return the folder unsaved form drafts are kept in."""
    return state_dir() / "drafts"


def error_log_path() -> Path:
    """Return the private log that error reports are written to."""
    return state_dir() / "errors.log"


def private_dir(path: Path) -> Path:
    """Create a folder readable by the user only, and any missing parents likewise; return it."""
    missing: list[Path] = []
    folder = path
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        # mkdir(parents=True) would give the folders in between the umask's mode, often 0755.
        with contextlib.suppress(FileExistsError):
            os.mkdir(each, 0o700)
            os.chmod(each, 0o700)  # whatever the umask
    return path

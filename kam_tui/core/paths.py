"""Where kam keeps its files: the database, its backups, the config, drafts and the error log."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kam_tui.core import platform

if TYPE_CHECKING:
    from platformdirs.api import PlatformDirsABC

APP_NAME = "kam-tui"

# Tests and portable installs point these elsewhere; nothing else reads the environment for paths.
DATA_ENV = "KAM_DATA_DIR"
STATE_ENV = "KAM_STATE_DIR"
CONFIG_ENV = "KAM_CONFIG_DIR"


def _system_folders() -> PlatformDirsABC:
    """Return platformdirs' folders for this system, chosen at the call, not at its import."""
    # Windows: %LOCALAPPDATA%\kam-tui, not the roaming profile: a logoff copies that to a
    # server, and an open SQLite file must not travel. macOS: ~/Library/Application Support.
    if platform.is_windows():
        from platformdirs.windows import Windows as Folders
    elif platform.is_macos():
        from platformdirs.macos import MacOS as Folders
    else:
        from platformdirs import PlatformDirs as Folders
    return Folders(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Return the user's data folder (the database and its backups live here)."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return Path(_system_folders().user_data_dir)


def state_dir() -> Path:
    """Return the user's state folder (drafts and the error log live here)."""
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV]).expanduser()
    return Path(_system_folders().user_state_dir)


def config_dir() -> Path:
    """Return the user's config folder (config.toml lives here)."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    return Path(_system_folders().user_config_dir)


def config_path() -> Path:
    """Return the person's config file."""
    return config_dir() / "config.toml"


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
    # On Windows the mode means nothing: the folder inherits the profile's ACL, the user's alone.
    missing: list[Path] = []
    folder = path
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        # mkdir(parents=True) would give the folders in between the umask's mode, often 0755.
        with contextlib.suppress(FileExistsError):
            os.mkdir(each, 0o700)
            platform.set_mode(each, 0o700)  # whatever the umask
    return path

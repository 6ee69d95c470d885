"""`kam config`: where the person's settings file is, what is in force, their keys; edit it."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys

from kam_tui.core import config as settings
from kam_tui.core import platform


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add `kam config` to the command line."""
    command = commands.add_parser(
        "config", help="show your settings file's path and the settings in force (and where "
        "each comes from); --edit opens it in $EDITOR")
    what = command.add_mutually_exclusive_group()
    what.add_argument("--edit", action="store_true",
                      help="open the file in $VISUAL or $EDITOR (made from a commented template "
                      "when missing), then check it")
    what.add_argument("--keys", action="store_true",
                      help="list every action's id with its key, yours where you changed it")


def run(args: argparse.Namespace) -> int:
    """Run `kam config`; return the exit code."""
    if args.edit:
        return _edit()
    if args.keys:
        return _keys()
    return _show(settings.load(lang=getattr(args, "lang", None),
                               theme=getattr(args, "theme", None),
                               database=getattr(args, "db", None)))


def _show(config: settings.Config) -> int:
    exists = config.path is not None and config.path.exists()
    print(f"Settings file: {config.path}{'' if exists else ' (none yet: kam config --edit)'}")
    for name in settings.TOP_LEVEL:
        value = getattr(config, name)
        shown = "(none: your own database file)" if name == "database" and value is None else (
            str(value).lower() if isinstance(value, bool) else value)
        if name == "database" and isinstance(value, str):
            from kam_tui.core.db.postgres import is_server_url, where

            shown = where(value) if is_server_url(value) else value  # never a password
        print(f"  {name:<14} {shown}  [{config.sources[name]}]")
    if config.keys:
        print("  keys:")
        for action, key in sorted(config.keys.items()):
            print(f"    {action:<36} {key}")
    from kam_tui.ui.app import KamApp
    from kam_tui.ui.keymap import check

    checked = check(config.keys, KamApp.BINDINGS)  # type: ignore[arg-type]
    problems = [str(problem) for problem in config.problems]
    problems += [f"keys: no action has the id {action!r} (kam config --keys lists them)"
                 for action in checked.unknown]
    problems += [f"keys: {key!r} for {action} is already {holder}, which works everywhere"
                 for action, key, holder in checked.clashes]
    for problem in problems:
        print(f"kam: warning: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _editor() -> list[str]:
    """Return the person's editor command: $VISUAL, $EDITOR, else the system's plain one."""
    for name in ("VISUAL", "EDITOR"):
        if os.environ.get(name, "").strip():
            return shlex.split(os.environ[name], posix=not platform.is_windows())
    if platform.is_windows():
        return ["notepad"]
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return ["vi"]


def _edit() -> int:
    path = settings.ensure_file()
    command = [*_editor(), str(path)]
    try:
        subprocess.run(command, check=False)
    except OSError as error:
        print(f"kam: cannot start the editor {command[0]!r} ({error}); set $EDITOR, or edit "
              f"{path} yourself", file=sys.stderr)
        return 2
    return _show(settings.load())


def _keys() -> int:
    from kam_tui.ui.key_list import all_keys

    config = settings.load()
    for action, key, description in all_keys():
        mine = config.keys.get(action)
        shown = f"{mine}  (yours; default {key})" if mine else key
        print(f"{action:<36} {shown:<24} {description}")
    return 0

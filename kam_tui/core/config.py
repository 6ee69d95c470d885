"""The person's own settings: config.toml in their config folder, the environment, the command line.

The command line beats the environment, which beats the file, which beats the defaults. A file
kam cannot read, or a value it cannot use, is a Problem that names its line; that value (or the
whole file, when it does not parse) falls back to its default, and kam still starts. The file
is read and written with tomlkit, so a choice made in the app (a theme) keeps the rep's comments.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kam_tui.core import paths
from kam_tui.core.locale import locale_lang

LANGS = ("en", "zh")
DEFAULT_THEME = "kam-dark"
# Environment variables, each for one setting.
ENVIRONMENT = {"lang": "KAM_LANG", "theme": "KAM_THEME", "database": "KAM_DB"}
TOP_LEVEL = ("lang", "theme", "database", "open_on_today")
THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
KEY_NAME = re.compile(r"[^\s\x00-\x1f\x7f]{1,64}")  # Textual's key names or characters, by commas
TEMPLATE = """\
# kam-tui: your own settings. The command line beats the environment (KAM_LANG, KAM_THEME,
# KAM_DB), which beats this file. `kam config` shows what is in force and where it came from.

# lang = "zh"                 # en or zh; else from the system's locale
# theme = "kam-light"         # kam-dark, kam-light, or any Textual theme (ctrl+p › Theme)
# database = "~/kam.db"       # a file, or the team's server as postgresql://…
# open_on_today = true        # start on the calendar's Today list

[keys]
# Any key by its action id (`kam config --keys` lists them), e.g.:
# "verb.delete" = "x"
# "nav.customers" = "f1"
"""


@dataclass(frozen=True)
class Problem:
    """Something in the config file kam could not use, and where."""

    line: int | None
    text: str
    path: Path | None = None

    def __str__(self) -> str:
        where = self.path.name if self.path is not None else "config.toml"
        return f"{where}, line {self.line}: {self.text}" if self.line else f"{where}: {self.text}"


@dataclass(frozen=True)
class Config:
    """The settings in force and where each came from (default, file, environment, command line)."""

    lang: str
    theme: str
    database: str | None
    open_on_today: bool
    keys: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    path: Path | None = None


def _line_of(text: str, name: str, table: str | None = None) -> int | None:
    """Return the line a key is set on (in a table, or before any table), 1-based."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip('"')
            continue
        if current == table and re.match(rf'\s*["\']?{re.escape(name)}["\']?\s*=', line):
            return number
    return None


def _check_value(name: str, value: Any) -> str | None:
    """Return what is wrong with a top-level value, or None when it is usable."""
    if name == "lang":
        return None if value in LANGS else f'lang must be "en" or "zh", not {value!r}'
    if name == "theme":
        if isinstance(value, str) and THEME_NAME.fullmatch(value):
            return None
        return f"theme must be a theme's name, not {value!r}"
    if name == "database":
        return None if isinstance(value, str) and value.strip() else (
            f"database must be a file's path or a postgresql:// URL, not {value!r}")
    if name == "open_on_today":
        return None if isinstance(value, bool) else (
            f"open_on_today must be true or false, not {value!r}")
    return f"unknown setting {name!r}"


def read_file(path: Path | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Return the usable values of the config file (no file: none) and what was wrong in it."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    path = path or paths.config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Problem(None, f"cannot be read ({error}); using the defaults", path)]
    try:
        data = tomlkit.parse(text).unwrap()
    except ParseError as error:
        reason = str(error).split(" at line ")[0]
        return {}, [Problem(error.line, f"{reason}; using the defaults", path)]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in data.items():
        if name == "keys":
            if not isinstance(value, dict):
                problems.append(Problem(_line_of(text, name), "keys must be a [keys] table",
                                        path))
                continue
            values["keys"] = _keys(value, text, path, problems)
            continue
        wrong = _check_value(name, value)
        if wrong:
            problems.append(Problem(_line_of(text, name) or _table_line(text, name), wrong,
                                    path))
        else:
            values[name] = value.strip() if isinstance(value, str) else value
    return values, problems


def _table_line(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.fullmatch(rf"\[\s*[\"']?{re.escape(name)}[\"']?\s*\]", line.strip()):
            return number
    return None


def _keys(table: dict[str, Any], text: str, path: Path, problems: list[Problem]
          ) -> dict[str, str]:
    keys: dict[str, str] = {}
    for action, key in table.items():
        if isinstance(key, str) and KEY_NAME.fullmatch(key.replace(" ", "")):
            keys[str(action)] = key.replace(" ", "")
        else:
            problems.append(Problem(_line_of(text, str(action), "keys"),
                                    f"the key for {action!r} must be a key's name such as "
                                    f'"x", "ctrl+e" or "f1", not {key!r}', path))
    return keys


def load(*, lang: str | None = None, theme: str | None = None, database: str | None = None,
         environ: Mapping[str, str] | None = None, path: Path | None = None) -> Config:
    """Return the settings in force: the arguments given, else the environment, the file, the
    defaults."""
    env = os.environ if environ is None else environ
    path = path or paths.config_path()
    stored, problems = read_file(path)
    given = {"lang": lang, "theme": theme, "database": database}
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    defaults: dict[str, Any] = {"lang": locale_lang(env), "theme": DEFAULT_THEME,
                                "database": None, "open_on_today": False}
    for name in TOP_LEVEL:
        variable = ENVIRONMENT.get(name)
        from_env = env.get(variable, "").strip() if variable else ""
        if given.get(name):
            values[name], sources[name] = given[name], "command line"
        elif from_env and not _check_value(name, from_env):
            values[name], sources[name] = from_env, f"environment ({variable})"
        elif name in stored:
            values[name], sources[name] = stored[name], "file"
        else:
            values[name], sources[name] = defaults[name], "default"
        if from_env and _check_value(name, from_env) and sources[name] != "command line":
            problems.append(Problem(None, f"{variable}: {_check_value(name, from_env)}"))
    return Config(lang=values["lang"], theme=values["theme"], database=values["database"],
                  open_on_today=values["open_on_today"], keys=stored.get("keys", {}),
                  sources=sources, problems=tuple(problems), path=path)


def remember(name: str, value: Any, path: Path | None = None) -> None:
    """Set one value in the config file, keeping everything else in it (comments too).

    A file that does not parse is left alone (the rep's own text is never overwritten); the
    choice then holds for this run only.
    """
    import tomlkit
    from tomlkit.exceptions import ParseError

    from kam_tui.core.files import write_private

    path = path or paths.config_path()
    wrong = _check_value(name, value)
    if wrong:
        raise ValueError(wrong)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = TEMPLATE
    try:
        document = tomlkit.parse(text)
    except ParseError:
        return
    if name in document or "keys" not in document:
        document[name] = value
    else:
        # A new top-level value must go before the [keys] table, or TOML would file it there.
        keys = document["keys"]
        document.remove("keys")
        document[name] = value
        document.add("keys", keys)
    write_private(path, tomlkit.dumps(document), overwrite=True)


def ensure_file(path: Path | None = None) -> Path:
    """Return the config file's path, writing the commented template there first if it is missing."""
    from kam_tui.core.files import write_private

    path = path or paths.config_path()
    if not path.exists():
        write_private(path, TEMPLATE, overwrite=False)
    return path

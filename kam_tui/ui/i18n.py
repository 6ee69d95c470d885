"""The one catalog of UI strings in English and Chinese: shared ones here, areas register theirs.

The domain vocabulary keeps its own bilingual labels.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kam_tui.core.db.faults import explain
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.text import one_line
from kam_tui.core.service import ValidationFailed


def load_catalog(path: Path) -> dict[str, tuple[str, str]]:
    """Read a catalog file: each key is a [English, Chinese] pair."""
    with path.open("rb") as handle:
        return {key: (pair[0], pair[1]) for key, pair in tomllib.load(handle).items()}


STRINGS: dict[str, tuple[str, str]] = load_catalog(Path(__file__).with_name("strings.toml"))


def register_strings(table: dict[str, tuple[str, str]]) -> None:
    """Add an area's strings to the one catalog; a key defined twice is refused."""
    new = {key: value for key, value in table.items() if STRINGS.get(key) != value}
    clash = STRINGS.keys() & new.keys()
    if clash:  # one key, two meanings: a mistake to catch at start-up, not on screen
        raise ValueError(f"UI string keys defined twice: {sorted(clash)}")
    STRINGS.update(new)


def translate(key: str, lang: str, **params: object) -> str:
    """Return the UI string for key in lang, formatted with params."""
    en, zh = STRINGS.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def error_text(error: FieldError, lang: str) -> str:
    """Return a field error's reason: the catalog's string for a keyed one, else its own."""
    if error.key:
        return translate(error.key, lang, **error.params)
    return error.message(lang)


def failure_text(error: BaseException, lang: str) -> str:
    """Return what a failed operation means for the rep: refused fields, a cause, or the bug."""
    if isinstance(error, ValidationFailed):  # refused fields, said as the form would
        return one_line("; ".join(error_text(item, lang) for item in error.errors.values()), 300)
    fault = explain(error)
    if fault is not None:
        return translate(fault.value, lang)
    return translate("error.worker", lang, error=one_line(str(error), 200))



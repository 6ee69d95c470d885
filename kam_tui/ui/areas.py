"""What the app knows of a working area: its key, screen, styles, strings and start-up hook."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from textual.screen import Screen

from kam_tui.ui.i18n import load_catalog, register_strings

# (database, today) -> what to show when the rep's settings ask to open on this area, or None.
StartHook = Callable[[Any, Callable[[], date]], "dict[str, object] | None"]


@dataclass(frozen=True)
class Area:
    """A working area reached by a digit key; its screen module loads when first opened."""

    name: str
    key: str
    screen: str  # "module:Class"
    css: tuple[Path, ...] = ()
    # kind -> "module:Class" of a screen made with a record id, that any area may push
    record_screens: dict[str, str] = field(default_factory=dict, compare=False)
    start: StartHook | None = field(default=None, compare=False)
    # kind -> "module:Class" of a dialog made with what the kind's `similar` hook found for a
    # new record; it dismisses with "create", the id of a found record to open, or None
    similar_dialogs: dict[str, str] = field(default_factory=dict, compare=False)

    def make_screen(self, **options: Any) -> Screen:
        """Import the area's screen module and return a new screen, made with any options."""
        return _load(self.screen)(**options)

    def record_screen(self, kind: str, record_id: int) -> Screen:
        """Return the area's screen for one record of the given kind."""
        return _load(self.record_screens[kind])(record_id)

    def similar_dialog(self, kind: str, found: list[Any]) -> Screen:
        """Return the area's dialog that shows the records a new one of this kind may be."""
        return _load(self.similar_dialogs[kind])(found)


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def face(name: str, key: str, screen: str, folder: Path, *, css: tuple[str, ...] = (),
         record_screens: dict[str, str] | None = None, start: StartHook | None = None,
         strings: dict[str, tuple[str, str]] | None = None,
         similar_dialogs: dict[str, str] | None = None) -> Area:
    """Register an area's strings (its folder's strings.toml and any given) and describe it."""
    register_strings(load_catalog(folder / "strings.toml"))
    if strings:
        register_strings(strings)
    return Area(name, key, screen, tuple(folder / file for file in css),
                dict(record_screens or {}), start, dict(similar_dialogs or {}))

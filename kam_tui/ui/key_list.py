"""Every action kam has a key for: its id, its default key and what it does, from every screen."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import kam_tui
from kam_tui.ui.i18n import STRINGS, translate


def _ui_modules() -> list[str]:
    """Return the names of the app's and every area's UI modules."""
    names = []
    for info in pkgutil.walk_packages(kam_tui.__path__, "kam_tui."):
        parts = info.name.split(".")
        if parts[1] == "ui" or (parts[1] == "areas" and "ui" in parts[3:4]):
            names.append(info.name)
    return names


def all_keys(lang: str = "en") -> list[tuple[str, str, str]]:
    """Return (action id, default key, description) for every key with an id, by id."""
    found: dict[str, tuple[str, str]] = {}
    for name in _ui_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or not cls.__module__.startswith("kam_tui"):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id and binding.id not in found:
                    description = (translate(binding.id, lang) if binding.id in STRINGS
                                   else binding.description)
                    found[binding.id] = (binding.key, description)
    from kam_tui.ui.app import KamApp

    for binding in KamApp.BINDINGS:
        if isinstance(binding, Binding) and binding.id:
            found.setdefault(binding.id, (binding.key, translate(binding.id, lang)))
    return [(action, key, description) for action, (key, description) in sorted(found.items())]

"""The palette's entries for the keys a screen offers, each with the key the rep has."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen


def binding_commands(app: App, screen: Screen, covered: set[str]) -> Iterable[SystemCommand]:
    """Every key the screen offers that its own palette entries do not, with the rep's key."""
    for active in screen.active_bindings.values():
        binding = active.binding
        if (isinstance(active.node, App) or binding.system or not binding.show
                or not binding.description):
            continue
        key = binding.key_display or app.get_key_display(binding)
        if key in covered:
            continue
        covered.add(key)
        yield SystemCommand(binding.description, key,
                            lambda node=active.node, action=binding.action:
                            app.call_next(app.run_action, action, node))

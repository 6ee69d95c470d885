"""Binding descriptions in the user's language: a binding's id is its UI string key."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from kam_tui.ui.i18n import STRINGS, translate


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Replace the descriptions of the node's bindings whose id names a UI string."""
    table = node._bindings.key_to_bindings
    for key, bindings in list(table.items()):
        table[key] = [
            replace(binding, description=translate(binding.id, lang))
            if binding.id in STRINGS else binding
            for binding in bindings
        ]

"""A mixin for screens and widgets that speak the rep's language."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding

from kam_tui.ui.i18n import STRINGS, translate


class Localised:
    """Gives a DOM node `t()` and `lang`; on a screen, its keys are described in that language.

    A binding's id is the catalog key of its description, so the Footer, `?` help and the
    palette, which all read `Screen.active_bindings`, show every key in the rep's language.
    """

    app: object

    def t(self, key: str, **params: object) -> str:
        """Return a UI string in the user's language."""
        return self.app.t(key, **params)  # type: ignore[attr-defined]

    @property
    def lang(self) -> str:
        """Return the user's language."""
        return getattr(self.app, "lang", "en")

    @property
    def active_bindings(self) -> dict[str, Any]:
        """Return the screen's active bindings, each described in the rep's language."""
        found = super().active_bindings  # type: ignore[misc]
        out = {}
        for key, active in found.items():
            description = self.describe(active.binding)
            if description != active.binding.description:
                active = active._replace(binding=replace(active.binding,
                                                         description=description))
            out[key] = active
        return out

    def describe(self, binding: Binding) -> str:
        """Return a key's description: the catalog's string for its id, else its own."""
        if binding.id in STRINGS:
            return translate(binding.id, self.lang)
        # Textual's own keys (focus, scrolling, copy, the palette) have no ids of ours: the
        # catalog names them by their English description.
        builtin = f"textual.{binding.description}"
        if builtin in STRINGS:
            return translate(builtin, self.lang)
        return binding.description

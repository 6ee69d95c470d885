"""A mixin for screens and widgets that speak the rep's language."""

from __future__ import annotations


class Localised:
    """Gives a DOM node `t()` and `lang` from the running KamApp."""

    app: object

    def t(self, key: str, **params: object) -> str:
        """Return a UI string in the user's language."""
        return self.app.t(key, **params)  # type: ignore[attr-defined]

    @property
    def lang(self) -> str:
        """Return the user's language."""
        return getattr(self.app, "lang", "en")

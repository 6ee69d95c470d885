"""A Footer that shows the keys that matter most when not all fit, leaving the rest to ? help."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = ("help", "app.help")
QUIT_ACTIONS = ("quit", "app.quit")
HELP, OWN_KEYS, AREA_KEYS, QUIT, PALETTE = range(5)  # in order of importance


class FittingFooter(Footer):
    """A Footer that hides its least important keys rather than cutting them off at the edge.

    Which matter most: `?` (it lists every key), then the focused place's own keys in their
    order, then the app's area keys, then `q`, then the palette's `^p`. At 80 columns the stock
    Footer ran off the edge after "1 客户 2", hiding `?` and `q`.
    """

    async def recompose(self) -> None:
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show the keys by importance while they fit the footer's width, hide the rest."""
        keys = list(self.query(FooterKey))
        if not keys:
            return
        room = self.size.width or self.app.size.width
        used = 0
        for rank in sorted({self._rank(key) for key in keys}):
            group = [key for key in keys if self._rank(key) == rank]
            if rank == AREA_KEYS:  # all the area keys or none: "1 Customers" alone says little
                widths = [sum(self._width(key) for key in group)]
                fits = [used + widths[0] <= room] * len(group)
            else:  # the place's own keys in their order, up to the first that does not fit
                fits, total = [], used
                for key in group:
                    total += self._width(key)
                    fits.append(total <= room and all(fits))
            for key, shown in zip(group, fits, strict=True):
                key.display = shown
                used += self._width(key) if shown else 0

    def _rank(self, key: FooterKey) -> int:
        if key.action in HELP_ACTIONS:
            return HELP
        if key.has_class("-command-palette"):
            return PALETTE
        if key.action in QUIT_ACTIONS:
            return QUIT
        active = self.screen.active_bindings.get(key.key)
        return AREA_KEYS if active is not None and isinstance(active.node, App) else OWN_KEYS

    def _width(self, key: FooterKey) -> int:
        """Return the columns the key takes, borders, padding and margins included."""
        content = key.get_content_width(Size(0, 0), self.app.size)
        return content + key.styles.gutter.width + key.styles.margin.width

"""A few lines about the focused person, redrawn without a relayout as the cursor moves."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class PersonPanel(Widget):
    """Shows a Text; a fixed height in CSS keeps cursor moves from reflowing the screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()

    def show(self, text: Text) -> None:
        """Draw new content in place."""
        self.text = text
        self.refresh()

    def render(self) -> Text:
        return self.text

"""A TextArea that never holds a control character other than line breaks and tabs."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from kam_tui.core.domain.text import for_block_editor


class CleanTextArea(TextArea):
    """A TextArea whose loaded and pasted text shows control characters as visible symbols."""

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(for_block_editor(text), **kwargs)  # type: ignore[arg-type]

    def load_text(self, text: str) -> None:
        # Stored text reaches the terminal as it is drawn: an ESC in it must not stay an ESC.
        super().load_text(for_block_editor(text))

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        if self.read_only or not event.text:
            return
        if result := self.replace(for_block_editor(event.text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

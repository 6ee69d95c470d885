"""A one-line Input that never holds a control character, whatever is typed, pasted or loaded."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from kam_tui.core.domain.text import LINE_JOIN, for_line_editor, has_line_breaks
from kam_tui.ui.i18n import translate


class CleanInput(Input):
    """An Input whose value shows control characters as symbols and line breaks as ⏎."""

    def validate_value(self, value: str) -> str:
        # Textual writes the value to the terminal as it is: an ESC in it would be a live
        # escape sequence (a clipboard write, a cleared screen), so it never gets that far.
        return for_line_editor(value)

    async def _on_paste(self, event: events.Paste) -> None:
        # Textual keeps only the first line of a paste; a rep would lose the rest unawares.
        text = event.text
        event.prevent_default()
        event.stop()
        if not text:
            return
        joined = has_line_breaks(text.strip())
        line = for_line_editor(text.strip() if joined else text)
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)
        if joined:
            self.notify(translate("form.paste_joined", getattr(self.app, "lang", "en"),
                                  sep=LINE_JOIN.strip()), timeout=4)

"""The line above a day's or week's revisits: its holidays and birthdays, revisit or not."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kam_tui.areas.calendar.service import DayNotes
from kam_tui.areas.calendar.ui.names import weekday
from kam_tui.core.domain.text import one_line
from kam_tui.ui.i18n import translate


class DayNotesLine(Static):
    """Holidays (✦) and birthdays (♥) of the shown days; hidden when there are none."""

    def show(self, notes: DayNotes | None, lang: str, *, dated: bool) -> None:
        """Show the notes, each with its day when the view spans several days."""
        parts: list[Text] = []
        if notes is not None:
            for day, name in notes.holidays:
                parts.append(self._part("✦ ", day if dated else None, lang,
                                        one_line(name, 60), "bold red"))
            for birthday in notes.birthdays:
                text = translate("calendar.birthday_of", lang,
                                 name=one_line(birthday.contact, 40),
                                 account=one_line(birthday.account, 40))
                parts.append(self._part("♥ ", birthday.day if dated else None, lang, text,
                                        "magenta"))
        self.display = bool(parts)
        self.update(Text(" ").join(parts) if parts else Text(""))

    @staticmethod
    def _part(mark: str, day, lang: str, text: str, style: str) -> Text:
        line = Text(" " + mark, style=style)
        if day is not None:
            line.append(f"{weekday(day, lang)} {day.month:02d}-{day.day:02d} ", style="bold")
        line.append(text)  # names are the rep's data: appended as plain text, never markup
        return line

"""A month of days drawn as one widget from aggregate counts: no widget per day or per revisit."""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from kam_tui.areas.calendar.service import MonthView
from kam_tui.areas.calendar.ui.names import kind_letter, weekdays
from kam_tui.core.domain.text import one_line
from kam_tui.ui.i18n import translate

RULE = Style(dim=True)
OTHER_MONTH = Style(dim=True)
TODAY = Style(bold=True, underline=True)
OVERDUE = Style(bold=True, color="red")
DONE = Style(color="green")
HOLIDAY = Style(color="magenta")
BIRTHDAY = Style(color="yellow")
SELECTED = Style(reverse=True)


class MonthGrid(Widget, can_focus=True):
    """Six weeks of days with revisit counts by kind, overdue and today marked, holidays, birthdays."""

    DEFAULT_CSS = """
    MonthGrid {
        height: 1fr;
        background: $surface;
        &:focus { background-tint: $foreground 3%; }
    }
    """

    BINDINGS = [
        Binding("left,h", "move(-1)", "Previous day", show=False, id="calendar.left"),
        Binding("right,l", "move(1)", "Next day", show=False, id="calendar.right"),
        Binding("up,k", "move(-7)", "Week before", show=False, id="calendar.up"),
        Binding("down,j", "move(7)", "Week after", show=False, id="calendar.down"),
        Binding("enter", "choose", "Open day", show=False, id="calendar.open_day"),
    ]

    cursor: reactive[date] = reactive(date(2000, 1, 1), always_update=True)

    class Moved(Message):
        """The cursor moved to another day (maybe into another month)."""

        def __init__(self, grid: MonthGrid, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.day = day

    class DayChosen(Message):
        """Enter or a click on the selected day: open it."""

        def __init__(self, grid: MonthGrid, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.day = day

    def __init__(self, *, today: date, lang: str = "en", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.today = today
        self.lang = lang
        self.view: MonthView | None = None
        self.set_reactive(MonthGrid.cursor, today)

    # --- data ----------------------------------------------------------------------------

    @property
    def month(self) -> tuple[int, int]:
        """Return the (year, month) the cursor is in, which is the month shown."""
        return self.cursor.year, self.cursor.month

    def show(self, view: MonthView) -> None:
        """Draw a month's counts; counts for another month than the cursor's are ignored."""
        if (view.year, view.month) == self.month:
            self.view = view
            self.refresh()

    def watch_cursor(self, old: date, new: date) -> None:
        if (old.year, old.month) != (new.year, new.month):
            self.view = None  # the old month's counts must not show under the new dates
        self.refresh()
        self.post_message(self.Moved(self, new))

    def action_move(self, days: int) -> None:
        self.cursor = self.cursor + timedelta(days=days)

    def action_choose(self) -> None:
        self.post_message(self.DayChosen(self, self.cursor))

    # --- geometry ------------------------------------------------------------------------

    def _start(self) -> date:
        first = self.cursor.replace(day=1)
        return first - timedelta(days=first.weekday())

    def _weeks(self) -> int:
        start = self._start()
        first = self.cursor.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return ((last - start).days // 7) + 1

    def _column_widths(self) -> list[int]:
        width = max(self.size.width, 7)
        base, extra = divmod(width, 7)
        return [base + (1 if index < extra else 0) for index in range(7)]

    def _row_height(self) -> int:
        return max(2, (self.size.height - 1) // self._weeks())

    def day_at(self, x: int, y: int) -> date | None:
        """Return the day drawn at a position inside the widget, if any."""
        if y < 1:
            return None
        row = (y - 1) // self._row_height()
        if row >= self._weeks():
            return None
        column, left = 0, 0
        for column, width in enumerate(self._column_widths()):
            if x < left + width:
                break
            left += width
        return self._start() + timedelta(days=row * 7 + column)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        day = self.day_at(offset.x, offset.y)
        if day is None:
            return
        if day == self.cursor or event.chain >= 2:
            self.cursor = day
            self.action_choose()
        else:
            self.cursor = day

    # --- drawing -------------------------------------------------------------------------

    def render(self) -> Text:
        widths = self._column_widths()
        height = self._row_height()
        start = self._start()
        header = Text(no_wrap=True, end="")
        for width, name in zip(widths, weekdays(self.lang)):
            header.append_text(_pad(Text(" " + name, style="bold"), width))
        lines = [header]
        for week in range(self._weeks()):
            cells = [self._cell(start + timedelta(days=week * 7 + index), width, height)
                     for index, width in enumerate(widths)]
            for line in range(height):
                row = Text(no_wrap=True, end="")
                for cell in cells:
                    row.append_text(cell[line])
                lines.append(row)
        lines = lines[: max(self.size.height, 1)]
        return Text("\n", no_wrap=True, end="").join(lines)

    def _cell(self, day: date, width: int, height: int) -> list[Text]:
        """Return the cell's lines, each exactly `width` cells wide."""
        view = self.view
        in_month = day.month == self.cursor.month
        selected = day == self.cursor
        first = Text(no_wrap=True, end="")
        number = Text(f"{day.day:>3}", style=TODAY if day == self.today else (
            Style() if in_month else OTHER_MONTH))
        first.append_text(number)
        if day == self.today:
            first.append(" " + translate("calendar.today_word", self.lang), style=TODAY)
        first.append(" ")
        first.append("─" * max(width - first.cell_len, 0), style=RULE)
        chips: list[Text] = []
        if view is not None and view.start <= day <= view.end:
            chips = self._chips(view, day)
        body = _flow(chips, width - 1, height - 1)
        lines = [_pad(first, width)] + [_pad(Text(" ") + line, width) for line in body]
        if selected:
            for line in lines:
                line.stylize(SELECTED)
            lines[0] = _mark(lines[0])
        elif not in_month:
            for line in lines:
                line.stylize(OTHER_MONTH)
        return lines

    def _chips(self, view: MonthView, day: date) -> list[Text]:
        chips: list[Text] = []
        counts = view.counts.get(day, {})
        overdue = day in view.overdue_days
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        for index, (kind, count) in enumerate(ordered):
            letter = kind_letter(kind, self.lang)
            chip = Text(("!" if overdue and index == 0 else "") + f"{letter}{count}",
                        style=OVERDUE if overdue else Style(bold=True))
            chips.append(chip)
        if view.done.get(day):
            chips.append(Text(f"✓{view.done[day]}", style=DONE))
        if view.birthdays.get(day):
            chips.append(Text(f"♥{view.birthdays[day]}", style=BIRTHDAY))
        if day in view.holidays:
            chips.append(Text("✦" + one_line(view.holidays[day], 40), style=HOLIDAY))
        return chips


def _pad(text: Text, width: int) -> Text:
    """Return text cut or padded to exactly width cells."""
    text = text.copy()
    text.no_wrap = True
    if text.cell_len > width:
        text.truncate(width, overflow="crop")
    # A wide character cut in half leaves the line one cell short: padding fills it.
    if text.cell_len < width:
        text.append(" " * (width - text.cell_len))
    return text


def _mark(line: Text) -> Text:
    """Put a pointer before the selected day's number, so selection reads without colour."""
    if not line.plain.startswith(" "):
        return line
    marked = Text("▸", style=SELECTED + Style(bold=True), no_wrap=True, end="")
    marked.append_text(line[1:])
    return marked


def _flow(chips: list[Text], width: int, lines: int) -> list[Text]:
    """Lay chips out left to right over a few lines; what does not fit ends in an ellipsis."""
    out: list[Text] = [Text(no_wrap=True, end="")]
    for chip in chips:
        current = out[-1]
        gap = 1 if current.cell_len else 0
        if current.cell_len + gap + chip.cell_len <= width:
            if gap:
                current.append(" ")
            current.append_text(chip)
            continue
        if current.cell_len and len(out) < lines:
            out.append(Text(no_wrap=True, end=""))
            current = out[-1]
            if chip.cell_len <= width:
                current.append_text(chip)
                continue
        if not current.cell_len:
            piece = chip.copy()
            piece.truncate(width, overflow="ellipsis")
            current.append_text(piece)
            continue
        # No room left: say there is more.
        if current.cell_len + 1 <= width:
            current.append("…")
        else:
            current.truncate(width - 1, overflow="crop")
            current.append("…")
        break
    while len(out) < lines:
        out.append(Text(no_wrap=True, end=""))
    return out[:lines]

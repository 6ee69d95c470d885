"""A table that draws only the visible rows and asks its screen for missing pages by message."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt


@dataclass(frozen=True)
class Column:
    """A column: its key, header label, width in cells (0 = takes the rest) and alignment."""

    key: str
    label: str
    width: int = 0
    align: str = "left"
    min_width: int = 12
    priority: int = 0  # when the table is too narrow, the highest numbers are hidden first


Cell = str | Text


class PagedTable(ScrollView, can_focus=True):
    """A virtual table over a row count; rows arrive in pages, so 100,000 rows cost a page."""

    PAGE_SIZE = 100

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    COMPONENT_CLASSES = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--sorted",
        "paged-table--placeholder",
        "paged-table--empty",
    }

    DEFAULT_CSS = """
    PagedTable {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        &:focus { background-tint: $foreground 3%; }
        & > .paged-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .paged-table--sorted { text-style: bold underline; background: $panel; }
        & > .paged-table--cursor { background: $block-cursor-background;
                                   color: $block-cursor-foreground; text-style: bold; }
        & > .paged-table--placeholder { color: $text-muted; }
        & > .paged-table--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class PageWanted(Message):
        """The table needs rows [offset, offset+limit) of the given generation."""

        def __init__(self, table: PagedTable, offset: int, limit: int, generation: int) -> None:
            super().__init__()
            self.table = table
            self.offset = offset
            self.limit = limit
            self.generation = generation

    class RowChosen(Message):
        """Enter or a double click on a row."""

        def __init__(self, table: PagedTable, key: object) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class RowHighlighted(Message):
        """The cursor moved onto a row."""

        def __init__(self, table: PagedTable, key: object | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class HeaderClicked(Message):
        """A column header was clicked (to sort)."""

        def __init__(self, table: PagedTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

    def __init__(self, columns: list[Column], *, empty_text: str = "", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = columns
        self.empty_text = empty_text
        self.sorted_column = ""
        self.sort_descending = False
        self.generation = 0
        self._count = 0
        self._rows: dict[int, tuple[object, tuple[Cell, ...]]] = {}
        self._pending: set[int] = set()
        self._widths: list[int] = []

    # --- data --------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Return the number of rows the table spans."""
        return self._count

    def reset(self, count: int, first_rows: list[tuple[object, tuple[Cell, ...]]] | None = None,
              *, keep_cursor: bool = False) -> int:
        """Start a new generation of `count` rows, optionally with the first page; return it."""
        self.generation += 1
        self._count = count
        self._rows.clear()
        self._pending.clear()
        if first_rows:
            self._store(0, first_rows)
        self.virtual_size = Size(self.size.width, count + 1)
        cursor = min(self.cursor_row, max(count - 1, 0)) if keep_cursor else 0
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor_row = cursor
        self.refresh()
        return self.generation

    def add_page(self, generation: int, offset: int,
                 rows: list[tuple[object, tuple[Cell, ...]]]) -> None:
        """Store a page that a worker fetched, unless the table moved on since it was asked."""
        self._pending.discard(offset)
        if generation != self.generation:
            return
        self._store(offset, rows)
        self.refresh()
        if offset <= self.cursor_row < offset + len(rows):
            self.post_message(self.RowHighlighted(self, self.key_at(self.cursor_row)))

    def _store(self, offset: int, rows: list[tuple[object, tuple[Cell, ...]]]) -> None:
        for index, row in enumerate(rows):
            self._rows[offset + index] = row
        # Keep memory flat while scrolling far: forget pages away from the viewport.
        if len(self._rows) > self.PAGE_SIZE * 12:
            keep_from = max(0, int(self.scroll_y) - self.PAGE_SIZE * 4)
            keep_to = int(self.scroll_y) + self.PAGE_SIZE * 5
            for index in [i for i in self._rows if not keep_from <= i < keep_to]:
                del self._rows[index]

    def key_at(self, row: int) -> object | None:
        """Return the key of a loaded row, or None."""
        entry = self._rows.get(row)
        return entry[0] if entry else None

    @property
    def cursor_key(self) -> object | None:
        """Return the key of the row under the cursor, if loaded."""
        return self.key_at(self.cursor_row)

    def _want(self, row: int) -> None:
        offset = row - row % self.PAGE_SIZE
        if offset not in self._pending and offset < self._count:
            self._pending.add(offset)
            self.post_message(self.PageWanted(self, offset, self.PAGE_SIZE, self.generation))

    # --- layout ------------------------------------------------------------------------------

    def _column_widths(self, width: int) -> list[int]:
        shown = list(range(len(self.columns)))

        def needed() -> int:
            return sum(self.columns[i].width or self.columns[i].min_width for i in shown) + len(
                shown) - 1

        # Narrow terminals: hide the least important columns rather than squeeze them all.
        while len(shown) > 1 and needed() > width:
            shown.remove(max(shown, key=lambda i: self.columns[i].priority))
        flexible = [i for i in shown if not self.columns[i].width]
        spare = width - sum(self.columns[i].width for i in shown) - (len(shown) - 1)
        widths = [0] * len(self.columns)
        for i in shown:
            column = self.columns[i]
            widths[i] = column.width or max(spare // max(len(flexible), 1), column.min_width)
        return widths

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._count + 1)
        self._widths = self._column_widths(self.scrollable_content_region.width)

    # --- rendering ---------------------------------------------------------------------------

    def _line(self, cells: tuple[Cell, ...], style: Style) -> Strip:
        widths = self._widths or self._column_widths(self.scrollable_content_region.width)
        line = Text(style=style, no_wrap=True, end="")
        first = True
        for column, width, cell in zip(self.columns, widths, cells):
            if not width:
                continue
            if not first:
                line.append(" ")
            first = False
            line.append_text(fmt.fit_cell(cell, width, column.align))
        # Rich leaves a Text's own style off spans-free lines; put it under every cell explicitly
        # or an unstyled row would not show the cursor highlight.
        line.stylize_before(style)
        segments = list(line.render(self.app.console))
        width = self.scrollable_content_region.width
        return Strip(segments).adjust_cell_length(width, style).simplify()

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y == 0:
            header_style = base + self.get_component_rich_style("paged-table--header")
            labels: list[Cell] = []
            for column in self.columns:
                label = column.label
                if column.key == self.sorted_column:
                    label += " ▼" if self.sort_descending else " ▲"
                labels.append(Text(label))
            return self._line(tuple(labels), header_style)
        row = int(self.scroll_y) + y - 1
        width = self.scrollable_content_region.width
        if self._count == 0:
            if y == 2 and self.empty_text:
                style = base + self.get_component_rich_style("paged-table--empty")
                return Strip([Segment(" " + one_line(self.empty_text), style)]).adjust_cell_length(
                    width, base)
            return Strip.blank(width, base)
        if row >= self._count:
            return Strip.blank(width, base)
        entry = self._rows.get(row)
        if entry is None:
            self._want(row)
            style = base + self.get_component_rich_style("paged-table--placeholder")
            return Strip([Segment(" …", style)]).adjust_cell_length(width, base)
        style = base
        if row == self.cursor_row:
            style = base + self.get_component_rich_style("paged-table--cursor")
        return self._line(entry[1], style)

    # --- cursor ------------------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        top = int(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + self._visible_rows:
            self.scroll_to(y=new - self._visible_rows + 1, animate=False)
        self.refresh()
        if self._count:
            self.post_message(self.RowHighlighted(self, self.key_at(new)))

    def move_cursor(self, row: int) -> None:
        """Put the cursor on a row, clamped to the table."""
        self.cursor_row = max(0, min(row, self._count - 1)) if self._count else 0

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self._visible_rows)

    def action_jump(self, row: int) -> None:
        self.move_cursor(self._count - 1 if row < 0 else row)

    def action_choose(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowChosen(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = 0
            for column, width in zip(self.columns, self._widths):
                if width and x <= offset.x < x + width + 1:
                    self.post_message(self.HeaderClicked(self, column.key))
                    return
                x += width + (1 if width else 0)
            return
        row = int(self.scroll_y) + offset.y - 1
        if 0 <= row < self._count:
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_choose()

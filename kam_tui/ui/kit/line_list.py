"""A keyboard list drawn line by line: only visible lines are formatted, so 500 people cost a screen."""

from __future__ import annotations

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


class LineList(ScrollView, can_focus=True):
    """Rows keyed by record id (None for a heading row); subclasses format each visible line."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="relationships.key.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="relationships.key.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="relationships.key.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False,
                id="relationships.key.page_down"),
        Binding("home,g", "jump(0)", "First", show=False, id="relationships.key.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="relationships.key.last"),
        Binding("enter", "choose", "Open", show=False, id="relationships.open_person"),
    ]

    COMPONENT_CLASSES = {"line-list--header", "line-list--cursor", "line-list--heading",
                         "line-list--empty"}

    cursor: reactive[int] = reactive(0, always_update=True)

    class RowMessage(Message):
        """Something happened on a row: the list and the row's key."""

        def __init__(self, source: LineList, key: object | None) -> None:
            super().__init__()
            self.source = source
            self.key = key

        @property
        def control(self) -> LineList:
            """Return the list that sent the message."""
            return self.source

    class Highlighted(RowMessage):
        """The cursor moved onto a row."""

    class Chosen(RowMessage):
        """Enter or a double click on a row."""

    def __init__(self, *, empty_text: str = "", name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text
        self.keys: list[object | None] = []
        self._cache: dict[int, Text] = {}
        self._cache_width = -1


    # --- what subclasses provide -------------------------------------------------------------

    def header(self, width: int) -> Text | None:
        """Return the fixed first line, or None for no header."""
        return None

    def line(self, index: int, width: int) -> Text:
        """Return the text of row index at the given width."""
        raise NotImplementedError

    # --- data --------------------------------------------------------------------------------

    has_header = False  # subclasses with a header() line set this

    def set_keys(self, keys: list[object | None], keep: object | None = None) -> None:
        """Replace the rows; keep the cursor on `keep` (or the current key) when still there."""
        wanted = keep if keep is not None else self.cursor_key
        self.keys = keys
        self.invalidate()
        self.virtual_size = Size(self.size.width, len(keys) + (1 if self.has_header else 0))
        if wanted is not None and wanted in keys:
            self.cursor = keys.index(wanted)
        else:
            self.cursor = self._selectable(min(self.cursor, max(len(keys) - 1, 0)), 1)

    def invalidate(self) -> None:
        """Forget formatted lines, e.g. after the data behind them changed."""
        self._cache.clear()
        self.refresh()

    @property
    def cursor_key(self) -> object | None:
        """Return the key of the row under the cursor."""
        if 0 <= self.cursor < len(self.keys):
            return self.keys[self.cursor]
        return None

    def move_to(self, key: object) -> bool:
        """Put the cursor on the row with this key; return whether it is listed."""
        if key in self.keys:
            self.cursor = self.keys.index(key)
            return True
        return False

    def _selectable(self, index: int, step: int) -> int:
        """Return the nearest row from index (in step's direction first) that is not a heading."""
        count = len(self.keys)
        if not count:
            return 0
        index = max(0, min(index, count - 1))
        for direction in (step, -step):
            probe = index
            while 0 <= probe < count:
                if self.keys[probe] is not None:
                    return probe
                probe += direction
        return index

    # --- rendering ---------------------------------------------------------------------------

    fit = staticmethod(fmt.fit_cell)

    def _strip(self, text: Text, style: Style, width: int) -> Strip:
        text = text.copy()
        text.no_wrap = True
        text.end = ""
        segments = list(text.render(self.app.console))
        segments = [Segment(seg.text, style + seg.style if seg.style else style, seg.control)
                    for seg in segments]
        return Strip(segments).adjust_cell_length(width, style).simplify()

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.scrollable_content_region.width
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        top = 0
        if self.has_header:
            if y == 0:
                style = base + self.get_component_rich_style("line-list--header")
                return self._strip(self.header(width) or Text(), style, width)
            top = 1
        index = int(self.scroll_y) + y - top
        if not self.keys:
            if y == top + 1 and self.empty_text:
                style = base + self.get_component_rich_style("line-list--empty")
                return self._strip(Text(" " + one_line(self.empty_text)), style, width)
            return Strip.blank(width, base)
        if index >= len(self.keys):
            return Strip.blank(width, base)
        text = self._cache.get(index)
        if text is None:
            text = self.line(index, width)
            self._cache[index] = text
        style = base
        if self.keys[index] is None:
            style = base + self.get_component_rich_style("line-list--heading")
        elif index == self.cursor:
            style = base + self.get_component_rich_style("line-list--cursor")
        return self._strip(text, style, width)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width,
                                 len(self.keys) + (1 if self.has_header else 0))
        self.invalidate()

    # --- cursor ------------------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - (1 if self.has_header else 0), 1)

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False)
            self.refresh()
        elif new >= top + self._visible_rows:
            self.scroll_to(y=new - self._visible_rows + 1, animate=False)
            self.refresh()
        else:
            # Only the two rows whose highlight changed are drawn again.
            header = 1 if self.has_header else 0
            self.refresh_line(old + header)
            self.refresh_line(new + header)
        if self.keys:
            self.post_message(self.Highlighted(self, self.cursor_key))

    def action_cursor(self, delta: int) -> None:
        target = self.cursor + delta
        if not 0 <= target < len(self.keys):
            return
        chosen = self._selectable(target, 1 if delta > 0 else -1)
        if self.keys and self.keys[chosen] is not None:
            self.cursor = chosen

    def action_page(self, direction: int) -> None:
        target = max(0, min(self.cursor + direction * self._visible_rows, len(self.keys) - 1))
        self.cursor = self._selectable(target, direction)

    def action_jump(self, row: int) -> None:
        target = len(self.keys) - 1 if row < 0 else row
        self.cursor = self._selectable(target, -1 if row < 0 else 1)

    def action_choose(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Chosen(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        top = 1 if self.has_header else 0
        index = int(self.scroll_y) + offset.y - top
        if offset.y >= top and 0 <= index < len(self.keys) and self.keys[index] is not None:
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

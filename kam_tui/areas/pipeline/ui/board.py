"""The pipeline board: six stage columns drawn line by line, only the visible cards, paged in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from kam_tui.areas.pipeline.service import BoardStats, CardRow
from kam_tui.areas.pipeline.ui.board_layout import (
    CARD_LINES,
    CARD_STEP,
    HEAD_LINES,
    STAGES,
    Column,
    Drag,
)
from kam_tui.areas.pipeline.ui.board_render import BoardRendering
from kam_tui.core.domain import vocab


class PipelineBoard(BoardRendering, Widget, can_focus=True):
    """Six columns of cards; keys and the mouse move the focus and the cards."""

    ALLOW_SELECT = False
    PAGE_SIZE = 50

    BINDINGS = [
        Binding("up,k", "focus_card(-1)", "Up", show=False, id="pipeline.focus_up"),
        Binding("down,j", "focus_card(1)", "Down", show=False, id="pipeline.focus_down"),
        Binding("left,h", "focus_column(-1)", "Left column", show=False,
                id="pipeline.focus_left"),
        Binding("right", "focus_column(1)", "Right column", show=False,
                id="pipeline.focus_right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="pipeline.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="pipeline.page_down"),
        Binding("home,g", "edge(0)", "First card", show=False, id="pipeline.first"),
        Binding("end,G", "edge(1)", "Last card", show=False, id="pipeline.last"),
        Binding("enter", "choose", "Open", id="pipeline.open_deal"),
        Binding("shift+left", "move_stage(-1)", "Stage ←", id="pipeline.move_left"),
        Binding("shift+right", "move_stage(1)", "Stage →", id="pipeline.move_right"),
        Binding("shift+up", "move_place(-1)", "Move up", show=False, id="pipeline.move_up"),
        Binding("shift+down", "move_place(1)", "Move down", show=False, id="pipeline.move_down"),
    ]

    COMPONENT_CLASSES = {
        "pipeline-board--head",
        "pipeline-board--rule",
        "pipeline-board--card",
        "pipeline-board--cursor",
        "pipeline-board--target",
        "pipeline-board--held",
        "pipeline-board--stalled",
        "pipeline-board--overdue",
        "pipeline-board--muted",
    }

    DEFAULT_CSS = """
    PipelineBoard {
        background: $surface;
        height: 1fr;
        & > .pipeline-board--head { text-style: bold; background: $panel; }
        & > .pipeline-board--rule { color: $text-muted; }
        & > .pipeline-board--card { background: $boost; }
        & > .pipeline-board--cursor { background: $block-cursor-blurred-background;
                                      color: $block-cursor-blurred-foreground; }
        &:focus > .pipeline-board--cursor { background: $block-cursor-background;
                                            color: $block-cursor-foreground; }
        & > .pipeline-board--target { background: $accent; color: $text; text-style: bold; }
        & > .pipeline-board--held { color: $text-disabled; }
        & > .pipeline-board--stalled { color: $text-warning; text-style: bold; }
        & > .pipeline-board--overdue { color: $text-error; text-style: bold; }
        & > .pipeline-board--muted { color: $text-muted; }
    }
    """

    class PageWanted(Message):
        """The board needs cards [offset, offset+limit) of a stage for a column generation."""

        def __init__(self, stage: int, offset: int, limit: int, generation: int) -> None:
            super().__init__()
            self.stage = stage
            self.offset = offset
            self.limit = limit
            self.generation = generation

    class CardChosen(Message):
        """Enter or a double click on a card."""

        def __init__(self, card: CardRow) -> None:
            super().__init__()
            self.card = card

    class MoveRequested(Message):
        """The rep asked to put a card in a stage, before or after a neighbour (or on top)."""

        def __init__(self, card: CardRow, to_stage: int, before_id: int | None,
                     after_id: int | None, by_mouse: bool) -> None:
            super().__init__()
            self.card = card
            self.to_stage = to_stage
            self.before_id = before_id
            self.after_id = after_id
            self.by_mouse = by_mouse

    class DropCancelled(Message):
        """A dragged card was released outside the board."""

    def __init__(self, t: Callable[..., str], lang: str, today: date, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.t = t
        self.lang = lang
        self.today = today
        self.stats: BoardStats | None = None
        self.columns: dict[int, Column] = {stage: Column() for stage in STAGES}
        self.focus_stage = STAGES[0]
        self.focus_index = 0
        self.drag: Drag | None = None
        self.loaded = False

    # --- data --------------------------------------------------------------------------------

    def window(self, stage: int) -> tuple[int, int]:
        """Return (offset, limit) of the page that covers the column's visible cards."""
        top = self.columns[stage].top
        offset = top - top % self.PAGE_SIZE
        return offset, self.PAGE_SIZE * (2 if top % self.PAGE_SIZE + self.visible_cards
                                         > self.PAGE_SIZE else 1)

    def load(self, stats: BoardStats, pages: dict[int, tuple[int, list[CardRow]]]) -> None:
        """Show new figures and fresh pages of the given columns; the others keep their cards."""
        self.stats = stats
        for stage in STAGES:
            column = self.columns[stage]
            column.count = stats.column(stage).count
            column.top = max(0, min(column.top, column.count - self.visible_cards))
            if stage not in pages:
                continue
            column.generation += 1
            column.cards.clear()
            column.pending.clear()
            offset, rows = pages[stage]
            for index, card in enumerate(rows):
                column.cards[offset + index] = card
        self.loaded = True
        self._clamp_focus()
        self.refresh()

    def add_page(self, stage: int, generation: int, offset: int, rows: list[CardRow]) -> None:
        """Store a page a worker fetched, unless the column was reloaded since it was asked."""
        column = self.columns[stage]
        column.pending.discard(offset)
        if generation != column.generation:
            return
        for index, card in enumerate(rows):
            column.cards[offset + index] = card
        if len(column.cards) > self.PAGE_SIZE * 8:
            # Keep memory flat when scrolling far down a long column.
            keep = range(column.top - self.PAGE_SIZE * 2, column.top + self.PAGE_SIZE * 3)
            for index in [i for i in column.cards if i not in keep]:
                del column.cards[index]
        self.refresh()

    def card_at(self, stage: int, index: int) -> CardRow | None:
        """Return a loaded card, or None."""
        return self.columns[stage].cards.get(index)

    @property
    def focused_card(self) -> CardRow | None:
        """Return the card with the focus, if loaded."""
        return self.card_at(self.focus_stage, self.focus_index)

    def set_focus(self, stage: int, index: int) -> None:
        """Put the focus on a card and scroll its column to show it."""
        self.focus_stage = stage
        self.focus_index = index
        self._clamp_focus()
        self.refresh()

    def find(self, opportunity_id: int) -> tuple[int, int] | None:
        """Return (stage, index) of a loaded card."""
        for stage, column in self.columns.items():
            for index, card in column.cards.items():
                if card.id == opportunity_id:
                    return stage, index
        return None

    def _clamp_focus(self) -> None:
        column = self.columns[self.focus_stage]
        self.focus_index = max(0, min(self.focus_index, column.count - 1))
        visible = self.visible_cards
        if self.focus_index < column.top:
            column.top = self.focus_index
        elif self.focus_index >= column.top + visible:
            column.top = self.focus_index - visible + 1
        column.top = max(0, min(column.top, max(column.count - visible, 0)))

    def _want(self, stage: int, index: int) -> None:
        column = self.columns[stage]
        offset = index - index % self.PAGE_SIZE
        if offset not in column.pending and offset < column.count:
            column.pending.add(offset)
            self.post_message(self.PageWanted(stage, offset, self.PAGE_SIZE, column.generation))

    # --- geometry ----------------------------------------------------------------------------

    @property
    def visible_cards(self) -> int:
        """Return how many cards fit in a column."""
        return max((self.content_region.height - HEAD_LINES + 1) // CARD_STEP, 1)

    def _widths(self) -> list[int]:
        width = max(self.content_region.width - (len(STAGES) - 1), len(STAGES))
        base = width // len(STAGES)
        widths = [base] * len(STAGES)
        for spare in range(width - base * len(STAGES)):
            widths[spare] += 1
        return widths

    def _stage_at_x(self, x: int) -> int | None:
        left = 0
        for stage, width in zip(STAGES, self._widths()):
            if left <= x < left + width + 1:
                return stage
            left += width + 1
        return None

    def _hit(self, screen_x: int, screen_y: int) -> tuple[int, int, int] | None:
        """Return (stage, card index or -1, insertion slot) under a screen point, or None."""
        region = self.content_region
        if not region.contains(screen_x, screen_y):
            return None
        x, y = screen_x - region.x, screen_y - region.y
        stage = self._stage_at_x(x)
        if stage is None:
            return None
        column = self.columns[stage]
        if y < HEAD_LINES:
            return stage, -1, column.top
        slot = (y - HEAD_LINES) // CARD_STEP
        inside = (y - HEAD_LINES) % CARD_STEP < CARD_LINES
        index = column.top + slot
        card_index = index if inside and index < column.count else -1
        # Drop slots: the upper half of a card means "before it", the lower half "after it".
        half = (y - HEAD_LINES) % CARD_STEP >= CARD_LINES // 2
        insert = min(index + (1 if half else 0), column.count)
        return stage, card_index, insert

    # --- keys --------------------------------------------------------------------------------

    def action_focus_card(self, delta: int) -> None:
        self.set_focus(self.focus_stage, self.focus_index + delta)

    def action_focus_column(self, delta: int) -> None:
        stage = self.focus_stage + delta
        if stage not in self.columns:
            return
        # Land on the card at the same height on screen, as the eye expects.
        row = self.focus_index - self.columns[self.focus_stage].top
        self.set_focus(stage, self.columns[stage].top + row)

    def action_page(self, direction: int) -> None:
        self.set_focus(self.focus_stage, self.focus_index + direction * self.visible_cards)

    def action_edge(self, last: int) -> None:
        self.set_focus(self.focus_stage, self.columns[self.focus_stage].count - 1 if last else 0)

    def action_choose(self) -> None:
        card = self.focused_card
        if card is not None:
            self.post_message(self.CardChosen(card))

    def action_move_stage(self, delta: int) -> None:
        card = self.focused_card
        if card is None:
            return
        if card.stage + delta not in self.columns:
            self._say_edge(card, delta)
            return
        self.post_message(self.MoveRequested(card, card.stage + delta, None, None, False))

    def _say_edge(self, card: CardRow, delta: int) -> None:
        """Say what to press instead at either end of the funnel: no stage lies beyond."""
        key_of = getattr(self.app, "key_of", lambda _id, default: default)
        stage = vocab.stage(card.stage).label(self.lang)
        if delta > 0:
            text = self.t("pipeline.last_stage", stage=stage,
                          won=key_of("pipeline.won_key", "w"),
                          lost=key_of("pipeline.lost_key", "l"))
        else:
            text = self.t("pipeline.first_stage", stage=stage)
        self.notify(text, timeout=4, markup=False)

    def action_move_place(self, delta: int) -> None:
        card = self.focused_card
        if card is None:
            return
        neighbour = self.card_at(card.stage, self.focus_index + delta)
        if neighbour is None:
            return
        before, after = (neighbour.id, None) if delta < 0 else (None, neighbour.id)
        self.post_message(self.MoveRequested(card, card.stage, before, after, False))

    # --- mouse -------------------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        hit = self._hit(event.screen_x, event.screen_y)
        if hit is None:
            return
        stage, index, _ = hit
        if index < 0:
            return
        self.focus()
        self.set_focus(stage, index)
        card = self.card_at(stage, index)
        if card is not None:
            self.drag = Drag(card, index, (event.screen_x, event.screen_y))
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        drag = self.drag
        if drag is None:
            return
        if not drag.dragging and (event.screen_x, event.screen_y) == drag.start:
            return
        drag.dragging = True
        hit = self._hit(event.screen_x, event.screen_y)
        drag.target = None if hit is None else (hit[0], hit[2])
        self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        drag = self.drag
        if drag is None:
            return
        self.drag = None
        self.release_mouse()
        if drag.dragging:
            hit = self._hit(event.screen_x, event.screen_y)
            if hit is None:
                self.post_message(self.DropCancelled())
            else:
                self._drop(drag, hit[0], hit[2])
        self.refresh()

    def _drop(self, drag: Drag, stage: int, slot: int) -> None:
        card = drag.card
        if stage == card.stage and slot in (drag.from_index, drag.from_index + 1):
            return  # put back where it was
        before = self.card_at(stage, slot)
        after = self.card_at(stage, slot - 1) if slot > 0 else None
        if before is not None and before.id != card.id:
            self.post_message(self.MoveRequested(card, stage, before.id, None, True))
        elif after is not None and after.id != card.id:
            self.post_message(self.MoveRequested(card, stage, None, after.id, True))
        elif stage != card.stage:
            self.post_message(self.MoveRequested(card, stage, None, None, True))

    def on_click(self, event: events.Click) -> None:
        if event.chain >= 2:
            hit = self._hit(event.screen_x, event.screen_y)
            if hit is not None and hit[1] >= 0:
                self.action_choose()

    def _scroll_column(self, event: events.MouseEvent, delta: int) -> None:
        hit = self._hit(event.screen_x, event.screen_y)
        if hit is None:
            return
        event.stop()
        column = self.columns[hit[0]]
        column.top = max(0, min(column.top + delta, max(column.count - self.visible_cards, 0)))
        if hit[0] == self.focus_stage:
            self.focus_index = max(column.top, min(self.focus_index,
                                                   column.top + self.visible_cards - 1))
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_column(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_column(event, -1)

    def on_resize(self, event: events.Resize) -> None:
        self._clamp_focus()
        self.refresh()

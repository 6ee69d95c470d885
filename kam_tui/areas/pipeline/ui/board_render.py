"""Drawing the board line by line: stage heads, cards, the drop marker; only visible cells."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from kam_tui.areas.pipeline.service import CardRow
from kam_tui.areas.pipeline.ui.board_layout import CARD_LINES, CARD_STEP, HEAD_LINES, STAGES
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt


class BoardRendering:
    """The board widget's `render_line` and the cells it is made of.

    Mixed into `PipelineBoard`, whose columns, figures, focus and drag these draw.
    """

    # --- rendering ---------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"pipeline-board--{name}")

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.content_region.width
        if not self.loaded:
            if y == HEAD_LINES:
                return Strip([Segment(" " + self.t("pipeline.loading"),
                                      base + self._style("muted"))]).adjust_cell_length(width,
                                                                                        base)
            return Strip.blank(width, base)
        line = Text(no_wrap=True, end="")
        rule = base + self._style("rule")
        for position, (stage, cells) in enumerate(zip(STAGES, self._widths())):
            if position:
                line.append("│", style=rule)
            line.append_text(self._cell(stage, y, cells, base))
        return Strip(list(line.render(self.app.console))).adjust_cell_length(width, base)

    def _fit(self, text: Text, width: int, style: Style | None = None) -> Text:
        text.no_wrap = True
        if text.cell_len > width:
            text.truncate(width, overflow="ellipsis")
        if text.cell_len < width:
            text.append(" " * (width - text.cell_len))
        if style is not None:
            text.style = style  # under the spans, so a flag's colour still shows
        return text

    def _cell(self, stage: int, y: int, width: int, base: Style) -> Text:
        if y < HEAD_LINES:
            return self._head_cell(stage, y, width, base)
        column = self.columns[stage]
        offset = y - HEAD_LINES
        slot, line = divmod(offset, CARD_STEP)
        if slot >= self.visible_cards:
            return Text(" " * width, style=base)  # no half-drawn card at the bottom
        index = column.top + slot
        target = self.drag.target if self.drag and self.drag.dragging else None
        if line == CARD_LINES:
            if target == (stage, index + 1):
                return self._marker(width, base)
            return Text(" " * width, style=base)
        if index >= column.count:
            if index == column.count == 0 and line == 0 and slot == 0:
                return self._fit(Text(" " + self.t("pipeline.col_empty")), width,
                                 base + self._style("muted"))
            return Text(" " * width, style=base)
        card = column.cards.get(index)
        if card is None:
            self._want(stage, index)
            return self._fit(Text(" …" if line == 0 else ""), width, base + self._style("muted"))
        return self._card_line(card, stage, index, line, width, base)

    def _amount(self, value: int, width: int) -> str:
        # Narrow columns (80 cells for six) cannot hold "1,870.0万"; wide ones match the headline.
        if width < 17:
            return fmt.compact_amount(value, self.lang)
        return fmt.amount(value, self.lang)

    def _close(self, card: CardRow, room: int) -> Text:
        # The expected close after the days, whole or not at all; a passed one keeps its mark.
        close = card.expected_close
        if close is None:
            return Text()
        passed = close < self.today
        shown = close.strftime("%m-%d") if close.year == self.today.year else f"{close:%Y-%m}"
        text = f" {'!' if passed else ''}→{shown}"
        if cell_len(text) > room:
            if not passed:
                return Text()
            text = " !→"
        return Text(text, style=self._style("overdue") if passed else "")

    def _gaps(self, card: CardRow, inner: int) -> Text:
        # The buying group's gaps at the name's end; narrow columns keep room for the name.
        if not card.gaps:
            return Text()
        words = " ".join(self.t(f"pipeline.gap.{code}", total=card.weight_total)
                         for code in card.gaps)
        if cell_len(words) + 6 > inner:
            words = self.t("pipeline.gaps_short", count=len(card.gaps))
        return Text(words, style=self._style("stalled"))

    def _marker(self, width: int, base: Style) -> Text:
        return self._fit(Text("▶" + "━" * (width - 1)), width, base + self._style("target"))

    def _head_cell(self, stage: int, y: int, width: int, base: Style) -> Text:
        info = vocab.stage(stage)
        column = self.columns[stage]
        stats = self.stats.column(stage) if self.stats else None
        head = base + self._style("head")
        target = self.drag.target if self.drag and self.drag.dragging else None
        if target is not None and target[0] == stage and y < HEAD_LINES - 1:
            head = base + self._style("target")
        if y == 0:
            name = f"{info.label(self.lang)} {info.win_rate}%"
            if width >= cell_len(name) + 3:
                name = f"{info.number} {name}"
            return self._fit(Text(" " + name), width, head)
        if y == 1 and stats is not None:
            amount = self._amount(stats.amount, width)
            text = self.t("pipeline.col_count", count=stats.count, amount=amount)
            if cell_len(text) + 1 > width:
                # Narrow: the tight form keeps the amount's unit, which the ellipsis would cut.
                text = self.t("pipeline.col_count_tight", count=stats.count, amount=amount)
            return self._fit(Text(" " + text), width, head)
        if y == 2 and stats is not None:
            key = "pipeline.col_weighted" if width >= 17 else "pipeline.col_weighted_short"
            text = Text(" " + self.t(key, amount=self._amount(stats.weighted, width)))
            if stats.stalled:
                text.append(f" ⚑{stats.stalled:,}", style=self._style("stalled"))
            return self._fit(text, width, head)
        if y == HEAD_LINES - 1:
            if target == (stage, column.top):
                return self._marker(width, base)
            visible = self.visible_cards
            if column.count > visible:
                last = min(column.top + visible, column.count)
                label = self.t("pipeline.col_range", first=column.top + 1, last=last,
                               count=f"{column.count:,}")
                label = f"{'↑' if column.top else '─'}{label}{'↓' if last < column.count else '─'}"
                rule = "─" + label
                return self._fit(Text(rule + "─" * max(width - cell_len(rule), 0)), width,
                                 base + self._style("rule"))
            return Text("─" * width, style=base + self._style("rule"))
        return self._fit(Text(""), width, head)

    def _card_line(self, card: CardRow, stage: int, index: int, line: int, width: int,
                   base: Style) -> Text:
        focused = stage == self.focus_stage and index == self.focus_index
        held = self.drag is not None and self.drag.dragging and self.drag.card.id == card.id
        style = base + self._style("card")
        if held:
            style = style + self._style("held")
        elif focused:
            style = style + self._style("cursor")
        # A bar marks the focused card, so focus does not rest on colour alone.
        marker = "▌" if focused else " "
        text = Text(marker)
        inner = width - 1
        if line == 0:
            text.append(one_line(card.account, 120), style="bold")
            gaps = self._gaps(card, inner)
            if gaps.cell_len:
                room = inner - gaps.cell_len - 1
                text.truncate(room + 1, overflow="ellipsis")  # the marker's cell, then the name
                text.append(" " * (room + 1 - text.cell_len) + " ")
                text.append_text(gaps)
        elif line == 1:
            text.append(one_line(card.title, 200))
        elif line == 2:
            # The flag leads the line so a narrow column never cuts it off.
            if card.stalled:
                text.append("⚑", style=self._style("stalled"))
            invalid = self.t("value.invalid")
            text.append(invalid if "amount" in card.invalid else self._amount(card.amount, width))
            if card.win_rate_override is not None:
                text.append(f" {card.win_rate_override}%*")
            text.append(" " + (invalid if "days" in card.invalid
                               else self.t("pipeline.days", days=card.days)),
                        style=self._style("stalled") if card.stalled else "")
            text.append_text(self._close(card, inner - text.cell_len))
            word = " " + (self.t("pipeline.quiet", days=card.quiet) if card.quiet is not None
                          else self.t("pipeline.stalled"))
            if card.stalled and inner >= text.cell_len + cell_len(word):
                text.append(word, style=self._style("stalled"))
        else:
            when = card.next_action_date
            if when is not None:
                shown = when.strftime("%m-%d") if when.year == self.today.year else when.isoformat()
                if when < self.today:
                    text.append(f"!{shown}", style=self._style("overdue"))
                elif when == self.today:
                    text.append(f"•{shown}", style="bold")
                else:
                    text.append(shown)
                text.append(" ")
            action = one_line(card.next_action, 200)
            if action:
                text.append(action)
            elif when is None:
                text.append(self.t("pipeline.no_action"), style=self._style("muted"))
        return self._fit(text, width, style)

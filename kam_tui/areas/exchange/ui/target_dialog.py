"""Pick what one column of the file becomes: a field of the kind, a link, or nothing."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.ui.cells import cell
from kam_tui.areas.exchange.ui.target_list import TargetList
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class TargetDialog(Dialog[str | None]):
    """A list of the kind's columns; Enter picks, escape keeps the column as it was."""

    BINDINGS = [CANCEL]

    def __init__(self, kind: str, header: str, current: str, taken: dict[str, str]) -> None:
        super().__init__()
        self.kind = kind
        self.header = header
        self.current = current
        self.taken = taken  # column name -> the header of the file's column that has it

    def compose(self) -> ComposeResult:
        target = c.TARGETS[self.kind]
        names: Sequence[str] = (c.IGNORE, *target.columns())
        options = []
        for name in names:
            label = Text(target.column_label(name, self.lang) if name else self.t("imp.ignore"))
            if name and name in self.taken:
                label.append("  ← ", style="dim")
                label.append_text(cell(self.taken[name], 20))
            options.append(Option(label, id=name or "-"))
        with Vertical(id="imp-target-dialog", classes="dialog"):
            title = Text(self.t("imp.target_title") + " ")
            title.append_text(cell(self.header, 40))
            yield Static(title, classes="dialog-message")
            yield TargetList(*options, id="imp-targets")
        yield FittingFooter()

    def on_mount(self) -> None:
        targets = self.query_one(OptionList)
        targets.highlighted = targets.get_option_index(self.current or "-")
        targets.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._answer(event.option.id)

    def _answer(self, option_id: str | None) -> None:
        self.dismiss(c.IGNORE if option_id in (None, "-") else option_id)

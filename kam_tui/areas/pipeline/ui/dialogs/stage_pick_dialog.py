"""Pick the stage to move a deal to: the six stages with their win rates, by digit or arrows."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter


class StagePickDialog(Dialog[int | None]):
    """Dismiss with the picked stage's number (1-6), or None when cancelled."""

    BINDINGS = [
        Binding("enter", "pick_highlighted", "Pick", id="pipeline.stage_pick"),
        CANCEL,
        Binding("up,k", "step(-1)", show=False),
        Binding("down,j", "step(1)", show=False),
        # Digits are the app's area keys elsewhere; in here they name a stage.
        *(Binding(str(stage.number), f"pick({stage.number})", show=False)
          for stage in vocab.STAGES),
    ]

    def __init__(self, title: str, account: str, current: int) -> None:
        super().__init__()
        self.deal_title = title
        self.account = account
        self.current = current

    def compose(self) -> ComposeResult:
        lang = self.lang
        here = self.t("pipeline.stage_here")
        with Vertical(id="stage-pick-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.stage_pick_title")), classes="dialog-title")
            yield Static(Text.assemble((one_line(self.account, 60), "bold"), " · ",
                                       one_line(self.deal_title, 120)), classes="dialog-message")
            options = OptionList(*(Option(self._line(stage, here), id=str(stage.number))
                                   for stage in vocab.STAGES), id="stage-pick-list")
            # The dialog's own keys pick: the list takes no focus, so the Footer shows Enter.
            options.can_focus = False
            yield options
            yield Static(Text(self.t("pipeline.stage_pick_hint")), classes="dialog-help")
        yield FittingFooter()

    def _line(self, stage: vocab.Stage, here: str) -> Text:
        width = max(cell_len(other.label(self.lang)) for other in vocab.STAGES)
        label = stage.label(self.lang)
        line = Text.assemble((f"{stage.number}", "bold"),
                             f"  {label}{' ' * (width - cell_len(label))}")
        line.append(f"  {stage.win_rate:>2}%", style="dim")
        if stage.number == self.current:
            line.append(f"  ← {here}", style="italic")
        return line

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self.current - 1

    def action_step(self, delta: int) -> None:
        options = self.query_one(OptionList)
        now = options.highlighted if options.highlighted is not None else self.current - 1
        options.highlighted = max(0, min(now + delta, options.option_count - 1))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(int(event.option.id or self.current))

    def action_pick_highlighted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self.action_pick(highlighted + 1)

    def action_pick(self, number: int) -> None:
        """Close with the stage."""
        self.dismiss(vocab.stage(number).number)

"""Before a new account is saved: the accounts on file it is likely to be, and what to do."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from kam_tui.areas.customers.service import LikelyDuplicate
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.fitting_footer import FittingFooter

CREATE = "create"


class DuplicatesDialog(Dialog[str | int | None]):
    """List the likely duplicates; dismiss with the id of the one to open, "create" to save the
    new account anyway, or None to go back to the form with everything typed."""

    BINDINGS = [
        Binding("o", "open", "Open it", id="dup.open"),
        Binding("c", "create", "Create anyway", id="dup.create"),
        Binding("escape", "cancel", "Back to the form", id="dup.back"),
    ]

    def __init__(self, found: list[LikelyDuplicate]) -> None:
        super().__init__()
        self.found = list(found)

    def compose(self) -> ComposeResult:
        with Vertical(id="duplicates", classes="dialog"):
            yield Static(Text(self.t("dup.title")), classes="dialog-title")
            yield Static(Text(self.t("dup.body", count=len(self.found))),
                         classes="dialog-message")
            yield OptionList(*(Option(self._line(item), id=str(item.id))
                               for item in self.found), id="duplicates-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("dup.open")), id="dup-open", variant="primary")
                yield Button(Text(self.t("dup.create")), id="dup-create", variant="warning")
                yield Button(Text(self.t("dup.back")), id="dup-back")
        yield FittingFooter()

    def _line(self, item: LikelyDuplicate) -> Text:
        """Name, then where and whose it is, then why it looks the same."""
        why = [self.t("dup.same_name")] if item.same_name else []
        if item.same_phone:
            why.append(self.t("dup.same_phone"))
        details = [item.region or "—", item.owner or self.t("dup.no_owner")]
        if item.phone:
            details.append(item.phone)
        return Text.assemble(
            (one_line(item.name, 48), "bold"), "\n  ",
            (one_line(" · ".join(details), 60), ""), "  ", (", ".join(why), "italic"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _chosen(self) -> int:
        index = self.query_one(OptionList).highlighted or 0
        return self.found[min(index, len(self.found) - 1)].id

    def action_open(self) -> None:
        """Open the highlighted account instead of creating a new one."""
        self.dismiss(self._chosen())

    def action_create(self) -> None:
        """Save the new account although it looks like one on file."""
        self.dismiss(CREATE)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.found[event.option_index].id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "dup-open":
            self.action_open()
        elif event.button.id == "dup-create":
            self.action_create()
        else:
            self.action_cancel()

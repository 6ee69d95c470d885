"""`?` help: the keys of the area you are in, then the keys that work everywhere."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from kam_tui.ui.kit.dialog import Dialog


class HelpScreen(Dialog[None]):
    """Lists the active bindings of the screen underneath, grouped by where they apply."""

    BINDINGS = [Binding("escape,question_mark,q", "cancel", "Close", id="verb.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self._table(), id="help-body")

    def _table(self) -> Table:
        t = self.app.t
        here: dict[str, str] = {}
        everywhere: dict[str, str] = {}
        for key, active in self.under.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.system:
                continue
            shown = binding.key_display or self.app.get_key_display(binding)
            target = everywhere if isinstance(active.node, App) else here
            target.setdefault(binding.description, shown)
            del key
        extra = getattr(self.under, "help_notes", None)
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        table.add_row(Text(t("help.title"), style="bold underline"), "")
        for title, group in ((t("help.here"), here), (t("help.global"), everywhere)):
            table.add_row("", "")
            table.add_row(Text(title, style="bold"), "")
            for description, key in group.items():
                table.add_row(Text(key), Text(description))
        table.add_row("", "")
        table.add_row(Text("ctrl+p"), Text(t("nav.palette")))
        if callable(extra):
            table.add_row("", "")
            for line in extra():
                table.add_row("", Text(line))
        return table

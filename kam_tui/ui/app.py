"""The kam-tui application: global keys, areas as modes, services, language and clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import peewee as pw
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from kam_tui.domain.text import one_line

from kam_tui.services.accounts import AccountService
from kam_tui.ui.areas import AREAS, HOME, area
from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.i18n import translate


class KamApp(App[int]):
    """Key account management in the terminal."""

    DEFAULT_MODE = HOME
    CSS_PATH = ["app.tcss", "forms.tcss", "pipeline.tcss", "relationships.tcss", "calendar.tcss"]
    TITLE = "kam-tui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *(Binding(item.key, f"go('{item.name}')", item.name, id=f"nav.{item.name}")
          for item in AREAS if item.available()),
        Binding("question_mark", "help", "Help", id="nav.help", key_display="?"),
        Binding("q", "quit", "Quit", id="nav.quit"),
    ]

    class Restored(Message):
        """A worker brought back a soft-deleted record."""

        def __init__(self, kind: str, name: str) -> None:
            super().__init__()
            self.kind = kind
            self.name = name

    def __init__(self, db: pw.SqliteDatabase, *, lang: str = "en", today: date | None = None,
                 demo: bool = False, db_label: str = "") -> None:
        super().__init__()
        self.db = db
        self.lang = lang
        self._today = today
        self.demo = demo
        self.db_label = db_label
        self.accounts = AccountService(db, self.today)
        self.undo_stack: list[tuple[str, int, str]] = []
        self.sub_title = ("DEMO · " if demo else "") + self.t("area.customers")
        # Each area is a mode with its own screen stack, so a card left open under Customers is
        # still there after a look at the pipeline.
        for item in AREAS:
            if item.available():
                self.add_mode(item.name, item.make_screen)

    def today(self) -> date:
        """Return today's date, frozen when the app was started with one."""
        return self._today or date.today()

    def t(self, key: str, **params: object) -> str:
        """Return a UI string in the user's language."""
        return translate(key, self.lang, **params)

    class StartArea(Message):
        """The rep's settings ask to open on another area than the customer list."""

        def __init__(self, area: str, focus: dict[str, object]) -> None:
            super().__init__()
            self.area = area
            self.focus = focus

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        if area("calendar").available():
            self._read_start_area()

    @work(thread=True, exit_on_error=False, group="start")
    def _read_start_area(self) -> None:
        from kam_tui.services.calendar import CalendarService

        if CalendarService(self.db, self.today).open_on_today():
            self.post_message(self.StartArea("calendar", {"view": "today"}))

    def on_kam_app_start_area(self, message: StartArea) -> None:
        self.action_go(message.area, **message.focus)

    def remember_deleted(self, kind: str, record_id: int, name: str) -> None:
        """Keep a soft delete on the undo stack and tell the rep how to undo it."""
        self.undo_stack.append((kind, record_id, name))
        self.notify(self.t("delete.done", kind=self.t(f"kind.{kind}"), name=one_line(name, 60)),
                    markup=False)

    def action_undo(self) -> None:
        """Restore the most recently deleted record."""
        if not self.undo_stack:
            self.notify(self.t("undo.nothing"), severity="warning")
            return
        kind, record_id, name = self.undo_stack.pop()
        self._restore(kind, record_id, name)

    @work(thread=True, group="undo")
    def _restore(self, kind: str, record_id: int, name: str) -> None:
        self.accounts.restore(kind, record_id)
        self.post_message(self.Restored(kind, name))

    def on_kam_app_restored(self, message: Restored) -> None:
        self.notify(self.t("undo.done", kind=self.t(f"kind.{message.kind}"),
                           name=one_line(message.name, 60)), markup=False)
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()

    def action_go(self, name: str, **focus: object) -> None:
        """Go to a working area; pressing its key again goes back to the area's first screen.

        `focus` (e.g. account_id=…, opportunity_id=…) is handed to the area screen's
        `show_record` so other areas can open it on a given record.
        """
        if self.screen.is_modal:
            return
        if name != self.current_mode:
            self.switch_mode(name)
        elif not focus:
            while len(self.screen_stack) > 1 and not self.screen.is_modal:
                self.pop_screen()
        if focus:
            self.call_after_refresh(self._show_record, focus)

    def _show_record(self, focus: dict[str, object]) -> None:
        show = getattr(self.screen_stack[0], "show_record", None)
        if show is not None:
            show(**focus)

    def action_help(self) -> None:
        """Show the keys of the focused area and the global ones."""
        from kam_tui.ui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for item in AREAS:
            if item.available():
                yield SystemCommand(self.t(f"nav.{item.name}"),
                                    f"{item.key} · " + self.t(f"area.{item.name}"),
                                    lambda name=item.name: self.action_go(name))
        yield SystemCommand(self.t("nav.help"), "? · " + self.t("help.title"), self.action_help)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        yield SystemCommand(self.t("nav.quit"), "q", self.action_quit)

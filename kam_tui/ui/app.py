"""The kam-tui application: global keys, areas as modes, services, language, clock, errors."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import peewee as pw
from rich.segment import Segment, Segments
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from kam_tui import areas as registry
from kam_tui.core import config as settings
from kam_tui.core.domain.text import one_line
from kam_tui.core.db.faults import explain
from kam_tui.core.drafts import Draft, DraftStore
from kam_tui.core.errorlog import write_report
from kam_tui.core.service import RecordService, ValidationFailed
from kam_tui.ui import hangups, sync_actions
from kam_tui.ui.i18n import failure_text, translate
from kam_tui.ui import keymap
from kam_tui.ui.key_order import KeyOrder
from kam_tui.ui.kit.workers import WorkerFailed, db_work
from kam_tui.ui.palette import binding_commands
from kam_tui.ui.themes import LIGHT_ANSI, THEMES

if TYPE_CHECKING:
    from kam_tui.ui.forms.record_form_screen import RecordFormScreen

HERE = Path(__file__).parent
AREAS = tuple(registry.faces())
TOOLS = registry.tools()  # screens opened by name (the import wizard), from any area
HOME = AREAS[0].name
LOG = logging.getLogger("kam_tui")
LOG.addHandler(logging.NullHandler())  # never Python's last-resort print over the screen
S = TypeVar("S")


class KamApp(sync_actions.SyncActions, App[int]):
    """Key account management in the terminal."""

    DEFAULT_MODE = HOME
    CSS_PATH = [HERE / "app.tcss", HERE / "forms" / "forms.tcss",
                *(css for item in AREAS for css in item.css),
                *(css for item in TOOLS.values() for css in item.css)]
    TITLE = "kam-tui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *(Binding(item.key, f"go('{item.name}')", item.name, id=f"nav.{item.name}")
          for item in AREAS),
        Binding("question_mark", "help", "Help", id="nav.help", key_display="?"),
        Binding("q", "quit", "Quit", id="nav.quit"),
        *sync_actions.BINDINGS,
    ]

    class Restored(Message):
        """A worker brought back a soft-deleted record."""

        def __init__(self, kind: str, name: str) -> None:
            super().__init__()
            self.kind = kind
            self.name = name

    def __init__(self, db: pw.Database, *, lang: str = "en", today: date | None = None,
                 demo: bool = False, db_label: str = "",
                 config: settings.Config | None = None) -> None:
        super().__init__()
        registry.register_record_kinds()
        self.lang = lang
        # The person's own settings (theme, keys); the language comes resolved from the caller.
        self.config = config if config is not None else settings.load()
        self.setting_notes: list[str] = []  # what was wrong in them, said once the app is up
        self._apply_settings(self.config)
        self.db = db
        self._today = today
        self.demo = demo
        self.db_label = db_label
        self.records = RecordService(db, self.today)
        self._services: dict[type, Any] = {}
        # (kind, id, name, None) undoes a delete; (kind, id, name, (field, old value)) a change;
        # (kind, id, name, callable) an area's own way back (a won deal reopened).
        self.undo_stack: list[tuple[str, int, str, tuple[str, Any] | Callable[[], object]
                                    | None]] = []
        self.crash_log: Path | None = None  # where the report of a crash was written
        self.drafts = DraftStore(str(db.database))
        self.open_forms: set[RecordFormScreen] = set()
        self.key_order = KeyOrder(self, super().on_event)
        self.sub_title = ("DEMO · " if demo else "") + self.t("area.customers")
        # Each area is a mode with its own screen stack, so a card left open under Customers is
        # still there after a look at the pipeline.
        for item in AREAS:
            self.add_mode(item.name, item.make_screen)

    def _apply_settings(self, config: settings.Config) -> None:
        """Register kam's themes, take the chosen one and the key overrides, note problems."""
        self.setting_notes = [str(problem) for problem in config.problems]
        for theme in THEMES:
            self.register_theme(theme)
        self.ansi_theme_light = LIGHT_ANSI
        if config.theme in self.available_themes:
            self.theme = config.theme
        else:
            self.theme = settings.DEFAULT_THEME
            self.setting_notes.append(self.t("settings.unknown_theme", theme=config.theme,
                                             default=settings.DEFAULT_THEME))
        checked = keymap.check(config.keys, self.BINDINGS)  # type: ignore[arg-type]
        self.setting_notes += [self.t("settings.unknown_key", action=action)
                               for action in checked.unknown]
        self.setting_notes += [self.t("settings.key_clash", pressed=key, action=f"{self.t(action)} ({action})",
                                      holder=self.t(holder))
                               for action, key, holder in checked.clashes]
        self.set_keymap(checked.keymap)

    def _theme_chosen(self, theme: Any) -> None:
        if theme.name != self.config.theme:
            self.config = replace(self.config, theme=theme.name)
            self._remember_theme(theme.name)

    @work(thread=True, exit_on_error=False, group="settings")
    def _remember_theme(self, name: str) -> None:
        try:
            settings.remember("theme", name, self.config.path)
        except (OSError, ValueError) as error:  # a read-only home: the choice holds this run
            self.call_from_thread(self.notify, self.t("settings.not_saved", reason=str(error)),
                                  severity="warning", markup=False)

    def action_change_theme(self) -> None:
        """Open the theme list in the palette, its search box in the rep's language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=self.t("palette.themes")))

    def today(self) -> date:
        """Return today's date, frozen when the app was started with one."""
        return self._today or date.today()

    def t(self, key: str, **params: object) -> str:
        """Return a UI string in the user's language."""
        return translate(key, self.lang, **params)

    class StartArea(Message):
        """The rep's settings ask to open on another area than the customer list."""

        def __init__(self, area: str | None, focus: dict[str, object],
                     drafts: list[Draft]) -> None:
            super().__init__()
            self.area = area
            self.focus = focus
            self.drafts = drafts  # left by a dropped link or a crash, newest first

    def service(self, cls: type[S]) -> S:
        """Return the app's one instance of an area's service class, made on first use."""
        if cls not in self._services:
            self._services[cls] = cls(self.db, self.today)  # type: ignore[call-arg]
        return self._services[cls]

    def open_record(self, kind: str, record_id: int) -> None:
        """Push the screen the owning area shows one record of this kind on, over this area."""
        owner = next(item for item in AREAS if kind in item.record_screens)
        self.push_screen(owner.record_screen(kind, record_id))

    def similar_dialog(self, kind: str, found: list[Any]) -> Screen | None:
        """Return the owning area's dialog of the records a new one may duplicate, or None."""
        owner = next((item for item in AREAS if kind in item.similar_dialogs), None)
        return owner.similar_dialog(kind, found) if owner is not None else None

    def open_tool(self, name: str, **options: Any) -> None:
        """Push a tool's screen made with options (the export's kind and ids); reload after."""
        def closed(_: object) -> None:
            for screen in self.screen_stack:
                refresh = getattr(screen, "refresh_data", None)
                if refresh is not None:
                    refresh()

        # When it closes every screen reloads its data: an import or an undo changed it.
        self.push_screen(TOOLS[name].make_screen(**options), closed)

    def has_area(self, name: str) -> bool:
        """Return whether this build of kam-tui has the named area."""
        return any(item.name == name for item in AREAS)

    def on_mount(self) -> None:
        # A dropped SSH link, a closed terminal window or console, a shutdown: each system's own.
        self._hangups = hangups.watch(self, self.hang_up)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        if self.setting_notes:
            self.notify("\n".join([self.t("settings.problems"), *self.setting_notes]),
                        severity="warning", timeout=20, markup=False)
        self._read_start_area()
        self.start_sync_status()

    def on_unmount(self) -> None:
        if hasattr(self, "_hangups"):
            self._hangups.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_order.key(event)  # in order, each after the last one's effect
        else:
            await super().on_event(event)

    def on_ready(self) -> None:
        self.key_order.started()

    def hang_up(self) -> None:
        """The link dropped or the system is stopping: keep every open form's typing, then go."""
        self.keep_drafts()
        self.exit(return_code=1)

    def keep_drafts(self) -> None:
        """Write the draft of every open form now."""
        for form in list(self.open_forms):
            form.drafts.keep_now()

    @db_work(group="start")
    def _read_start_area(self) -> None:
        drafts = self.drafts.all()
        for item in AREAS:
            focus = item.start(self.db, self.today) if item.start else None
            if focus is not None:
                self.post_message(self.StartArea(item.name, focus, drafts))
                return
        self.post_message(self.StartArea(None, {}, drafts))

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """The one worker error path: log it, let the place the rep works react, tell them."""
        where = f"{type(message.node).__name__}.{message.name}"
        LOG.error("%s failed", where, exc_info=message.error)
        if explain(message.error) is None and not isinstance(message.error, ValidationFailed):
            write_report(message.error, where)  # a bug, not a fault: the developers need it
        react = getattr(message.node, "worker_failed", None)
        handled = react(message.name, message.error) if callable(react) else False
        if handled:
            return
        severity = "warning" if isinstance(message.error, ValidationFailed) else "error"
        self.notify(failure_text(message.error, self.lang), severity=severity, timeout=10,
                    markup=False)

    def action_command_palette(self) -> None:
        """Open the command palette, its search box in the rep's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=self.t("palette.search")))

    def _fatal_error(self) -> None:
        # Textual's own crash report prints every frame's local variables (account rows, names,
        # pipeline figures) into the terminal's scrollback: write it to the private log instead.
        error = sys.exc_info()[1] or self._exception
        lines = [self.t("error.fatal")]
        if error is not None:
            self.crash_log = write_report(error, "fatal")
            lines.append(one_line(f"{type(error).__name__}: {error}", 70))
        self.bell()
        # Short lines: Rich crops what it prints at exit to the terminal's width. The log's path,
        # which must stay whole to be copied, is printed by the command after the app is gone.
        self.panic(Segments([Segment("\n".join(lines) + "\n")]))

    def on_kam_app_start_area(self, message: StartArea) -> None:
        if message.area is not None:
            self.action_go(message.area, **message.focus)
        if message.drafts:
            from kam_tui.ui.forms.draft_offers import offer_drafts

            offer_drafts(self, self.drafts, message.drafts)

    def remember_deleted(self, kind: str, record_id: int, name: str) -> None:
        """Keep a soft delete on the undo stack and tell the rep how to undo it."""
        self.undo_stack.append((kind, record_id, name, None))
        self.notify(self.t("delete.done", kind=self.t(f"kind.{kind}"), name=one_line(name, 60)),
                    markup=False)

    def remember_change(self, kind: str, record_id: int, name: str, field: str,
                        old: Any) -> None:
        """Keep a one-field change made outside a form (an accepted suggestion) undoable with u."""
        self.undo_stack.append((kind, record_id, name, (field, old)))

    def remember_undo(self, kind: str, record_id: int, name: str,
                      undo: Callable[[], object]) -> None:
        """Keep an area's own way back from a change (reopening a closed deal) for u."""
        self.undo_stack.append((kind, record_id, name, undo))

    def action_undo(self) -> None:
        """Undo the latest delete or change on the undo stack."""
        if not self.undo_stack:
            self.notify(self.t("undo.nothing"), severity="warning")
            return
        kind, record_id, name, change = self.undo_stack.pop()
        if change is None:
            self._restore(kind, record_id, name)
        elif callable(change):
            self._undo_by(kind, name, change)
        else:
            self._revert(kind, record_id, name, *change)

    @db_work(group="undo")
    def _undo_by(self, kind: str, name: str, undo: Callable[[], object]) -> None:
        undo()  # the area's service, through the one write path like any change
        self.post_message(self.Restored(kind, name))

    @db_work(group="undo")
    def _restore(self, kind: str, record_id: int, name: str) -> None:
        self.records.restore(kind, record_id)
        self.post_message(self.Restored(kind, name))

    @db_work(group="undo")
    def _revert(self, kind: str, record_id: int, name: str, field: str, old: Any) -> None:
        # Through the one write path like any save: a new version, the kind's own hooks.
        values, version = self.records.load(kind, record_id)
        self.records.save(kind, {**values, field: old}, record_id=record_id,
                          expected_version=version, opened_values=values)
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
        from kam_tui.ui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for item in AREAS:
            yield SystemCommand(self.t(f"nav.{item.name}"),
                                f"{self.key_of(f'nav.{item.name}', item.key)} · "
                                + self.t(f"area.{item.name}"),
                                lambda name=item.name: self.action_go(name))
        yield SystemCommand(self.t("nav.help"),
                            f"{self.key_of('nav.help', '?')} · " + self.t("help.title"),
                            self.action_help)
        if self.sync_status is not None:
            yield SystemCommand(self.t("sync.now"), f"{self.key_of('sync.now', 'S')} · "
                                + self.t("sync.now.help"), self.action_sync_now)
        yield SystemCommand(self.t("palette.theme"), self.t("palette.theme.help"),
                            self.action_change_theme)
        keyed = {active.binding.id for active in screen.active_bindings.values()}
        for name in TOOLS:
            if f"tool.{name}" not in keyed:  # else the screen's own key lists it below
                yield SystemCommand(self.t(f"tool.{name}"), self.t(f"tool.{name}.help"),
                                    lambda name=name: self.open_tool(name))
        commands = getattr(screen, "palette_commands", None)
        own = list(commands()) if commands is not None else []
        yield from own
        yield from binding_commands(self, screen, {command.help.split(" · ")[0]
                                                    for command in own})
        yield SystemCommand(self.t("nav.quit"), self.key_of("nav.quit", "q"), self.action_quit)

    def key_of(self, binding_id: str, default: str) -> str:
        """Return how the key of an action is shown: the person's own, else the default."""
        keys = self._keymap.get(binding_id)
        if not keys:
            return default
        return self.get_key_display(Binding(keys.split(",")[0], binding_id))

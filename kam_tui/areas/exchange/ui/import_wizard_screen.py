"""The import wizard: a sheet's rows into records in seven steps, each undone with escape.

File → header row → column mapping → preview → mode → dry run → import (and undo). The screen
keeps the choices in one `ImportOptions`; every read and write runs in a `db_work` worker that
only posts messages back, so a large file never freezes the screen.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.service import (
    ImportOptions,
    ImportReport,
    ImportService,
    Inspection,
)
from kam_tui.areas.exchange.ui.file_step import FileStep
from kam_tui.areas.exchange.ui.header_step import HeaderStep
from kam_tui.areas.exchange.ui.mapping_step import MappingStep
from kam_tui.areas.exchange.ui.mode_step import ModeStep
from kam_tui.areas.exchange.ui.preview_rows import mapped, preview_rows
from kam_tui.areas.exchange.ui.preview_step import PreviewStep
from kam_tui.areas.exchange.ui.report_step import ReportStep
from kam_tui.areas.exchange.ui.run_step import RunStep
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from kam_tui.areas.exchange.ui.wizard_mapping import WizardMapping
from kam_tui.areas.exchange.ui.wizard_run import EXPECTED, WizardRun
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter

HEAD_ROWS = 40  # rows read for the header choice and the preview
STEPS = ("file", "header", "mapping", "preview", "mode", "report", "run")
NEXT_LABELS = {5: "imp.dry_run", 6: "imp.import"}


class ImportWizardScreen(WizardMapping, WizardRun, Dialog[bool]):
    """Import a file step by step; dismissed with whether anything stayed imported."""

    CANCELLED = False
    BINDINGS = [
        Binding("ctrl+s", "next", "Next", id="imp.next"),
        Binding("escape", "back", "Back", id="imp.back"),
        Binding("s", "save_mapping", "Save mapping", id="imp.save_mapping"),
        Binding("l", "load_mapping", "Use a saved mapping", id="imp.load_mapping"),
        Binding("w", "write_refused", "Write refused rows", id="imp.write_refused"),
        Binding("u", "undo_import", "Undo this import", id="imp.undo"),
        # A modal screen hides the app's keys; the rep's help stays one key away.
        Binding("question_mark", "app.help", "Help", id="nav.help", key_display="?"),
    ]

    class Inspected(Message):
        """A worker read how the file is read, its first rows and the mapping."""

        def __init__(self, number: int, purpose: str, inspection: Inspection | None,
                     error: str = "", key: tuple[Any, ...] | None = None) -> None:
            super().__init__()
            self.number = number
            self.key = key  # the file and reading options this inspection is of
            self.purpose = purpose  # "look", "next" (then go on), "header", "saved"
            self.inspection = inspection
            self.error = error

    class Progress(Message):
        """The engine finished a chunk: rows done so far."""

        def __init__(self, rows: int, dry_run: bool) -> None:
            super().__init__()
            self.rows = rows
            self.dry_run = dry_run

    class Done(Message):
        """A dry run or the real run ended: its report, or that it was cancelled or refused."""

        def __init__(self, dry_run: bool, report: ImportReport | None, *,
                     cancelled: bool = False, error: str = "") -> None:
            super().__init__()
            self.dry_run = dry_run
            self.report = report
            self.cancelled = cancelled
            self.error = error

    class Undone(Message):
        """A worker undid the import (or was refused)."""

        def __init__(self, removed: int, restored: int, error: str = "") -> None:
            super().__init__()
            self.removed = removed
            self.restored = restored
            self.error = error

    class Said(Message):
        """A worker finished something the rep is told of in a notification."""

        def __init__(self, text: str, severity: str = "information") -> None:
            super().__init__()
            self.text = text
            self.severity = severity

    def __init__(self) -> None:
        super().__init__()
        self.step = 1
        self.path: Path | None = None
        self.options = ImportOptions()
        self.inspection: Inspection | None = None
        self.inspected_for: tuple[Any, ...] | None = None
        self.report: ImportReport | None = None  # the dry run's
        self.result: ImportReport | None = None  # the real run's
        self.undone = False
        self.busy = False  # a dry run or the import is running
        self.cancel = threading.Event()
        self._order = LoadOrder()
        self._importer: ImportService | None = None

    @property
    def importer(self) -> ImportService:
        """Return the import engine over the app's database (backups go beside its file)."""
        if self._importer is None:
            db = self.app.db  # type: ignore[attr-defined]
            name = str(db.database)
            # A server's database is no file: nothing to back up beside it.
            local = name != ":memory:" and not is_postgres(db)
            self._importer = ImportService(db, Path(name) if local else None,
                                           self.app.today)  # type: ignore[attr-defined]
        return self._importer

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="imp-title")
        with ContentSwitcher(initial="imp-file", id="imp-steps"):
            yield FileStep(id="imp-file")
            yield HeaderStep(id="imp-header")
            yield MappingStep(id="imp-mapping")
            yield PreviewStep(id="imp-preview-step")
            yield ModeStep(id="imp-mode-step")
            yield ReportStep(id="imp-report")
            yield RunStep(id="imp-run")
        yield FittingFooter()

    def on_mount(self) -> None:
        self._importer = self.importer  # made on the UI thread, before any worker asks
        self._show_title()
        self.query_one("#imp-path", Input).focus()

    def _show_title(self) -> None:
        title = Text(self.t("imp.title", step=self.step, steps=len(STEPS),
                            name=self.t(f"imp.step.{STEPS[self.step - 1]}")), style="bold")
        if self.path is not None and self.step > 1:
            title.append(" · " + c.TARGETS[self.options.kind].label(self.lang) + " · ")
            title.append_text(Text(one_line(self.path.name, 40)))
        self.query_one("#imp-title", Static).update(title)

    def _go(self, step: int) -> None:
        self.step = step
        ids = ("imp-file", "imp-header", "imp-mapping", "imp-preview-step", "imp-mode-step",
               "imp-report", "imp-run")
        self.query_one(ContentSwitcher).current = ids[step - 1]
        self._show_title()
        self.refresh_bindings()
        focus = {1: "#imp-path", 2: "#imp-head", 3: "#imp-map", 4: "#imp-preview",
                 5: "#imp-mode", 6: "#imp-issues"}.get(step)
        if focus:
            self.query_one(focus).focus()
        else:
            self.set_focus(None)

    # --- keys --------------------------------------------------------------------------------

    def describe(self, binding: Binding) -> str:
        """Name the next and back keys for what they do at this step."""
        if binding.id == "imp.next":
            return self.t(NEXT_LABELS.get(self.step, "imp.next"))
        if binding.id == "imp.choose":
            return self.t("imp.pick_header" if self.step == 2 else "imp.change")
        if binding.id == "imp.back":
            if self.step == 7 and self.busy:
                return self.t("imp.cancel_import")
            if self.step == 1 or (self.step == 7 and self.result is not None
                                  and self.result.stored):
                return self.t("verb.close")
        return super().describe(binding)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            if self.busy:
                return None
            if self.step == 6 and self.report is not None and self.report.blocked and \
                    not self.options.skip_refused:
                return None
            return self.step != 7  # after the import, escape closes
        if action in ("save_mapping", "load_mapping"):
            return self.step == 3
        if action == "write_refused":
            return self.step == 6 and self.report is not None and self.report.refused > 0
        if action == "undo_import":
            return self.step == 7 and self._stored
        return True

    @property
    def _stored(self) -> bool:
        return self.result is not None and self.result.stored and not self.undone

    def action_next(self) -> None:
        """Go on to the next step (a dry run before the report, the import after it)."""
        if self.busy:
            return
        if self.step == 1:
            self._look(advance=True)
        elif self.step == 2:
            self._choose_header()
        elif self.step == 3:
            self._to_preview()
        elif self.step == 4:
            self._go(5)
        elif self.step == 5:
            self._dry_run()
        elif self.step == 6:
            self._import()

    def action_back(self) -> None:
        """Go back a step; on the first, leave (asking if something was chosen)."""
        if self.busy:
            self.cancel.set()
            self.query_one(RunStep if self.step == 7 else ModeStep).query_one(
                "#imp-rate" if self.step == 7 else "#imp-checking", Static).update(
                self.t("imp.cancelling"))
            return
        if self.step == 7:
            if self.result is not None and self.result.stored:  # imported, perhaps undone
                self.dismiss(self._stored)
            else:
                self._go(6)
            return
        if self.step > 1:
            self._go(self.step - 1)
            return
        if self.inspection is None and not self.query_one("#imp-path", Input).value:
            self.dismiss(False)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(False)

        self.app.push_screen(ConfirmDialog(self.t("imp.leave_q"), yes=self.t("imp.leave")),
                             answered)

    # --- step 1: the file --------------------------------------------------------------------

    def _file_key(self) -> tuple[Any, ...]:
        return (self.query_one("#imp-path", Input).value.strip(), self.options.kind,
                self.options.encoding, self.options.delimiter, self.options.sheet)

    def _look(self, *, advance: bool = False) -> None:
        typed = self.query_one("#imp-path", Input).value.strip()
        if not typed:
            self.query_one(FileStep).show(None, self.t("imp.path_needed"))
            return
        if advance and self.inspection is not None and self.inspected_for == self._file_key():
            self.query_one(HeaderStep).show(self.inspection)
            self._go(2)
            return
        self.path = Path(typed).expanduser()
        self.options.header_row = None
        self.options.mapping = None
        self._inspect("next" if advance else "look")

    def _inspect(self, purpose: str, options: ImportOptions | None = None) -> None:
        assert self.path is not None
        self._read(self._order.next(), purpose, self.path, replace(options or self.options),
                   self._file_key())

    @db_work(group="import-inspect", exclusive=True)
    def _read(self, number: int, purpose: str, path: Path, options: ImportOptions,
              key: tuple[Any, ...]) -> None:
        try:
            inspection = self.importer.inspect(path, options, head_rows=HEAD_ROWS)
        except EXPECTED as error:
            self.post_message(self.Inspected(number, purpose, None, error.message(self.lang)))
            return
        self.post_message(self.Inspected(number, purpose, inspection, key=key))

    def on_import_wizard_screen_inspected(self, message: Inspected) -> None:
        if not self._order.accept(message.number):
            return
        if message.inspection is None:
            if message.purpose == "saved":
                self.notify(message.error, severity="warning", markup=False)
                return
            self.inspection = None
            self.query_one(FileStep).show(None, message.error)
            if self.step != 1:
                self._go(1)
            return
        inspection = message.inspection
        self.inspected_for = message.key
        if message.purpose in ("look", "next"):
            self.inspection = inspection
            self.query_one(FileStep).show(inspection)
            if message.purpose == "next":
                self.query_one(HeaderStep).show(inspection)
                self._go(2)
            return
        self.inspection = inspection
        self.options.header_row = inspection.header_row
        self.options.mapping = list(inspection.mapping)
        self._show_mapping()
        if message.purpose == "saved":
            self.notify(self.t("imp.mapping_used"), markup=False)
        elif self.step == 2:
            self._go(3)

    @on(Input.Submitted, "#imp-path")
    def _path_submitted(self) -> None:
        self._look(advance=self.inspection is not None)

    @on(Select.Changed, "#imp-kind, #imp-encoding, #imp-delimiter, #imp-sheet")
    def _reading_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        which = (event.select.id or "").removeprefix("imp-")
        if which == "kind":
            changed = value != self.options.kind
            self.options.kind = str(value)
        elif which == "sheet":
            current = self.inspection.table.sheet if self.inspection else None
            changed = value is not None and value != current
            if changed:
                self.options.sheet = str(value)
        else:
            changed = (value or None) != getattr(self.options, which)
            setattr(self.options, which, value or None)
        if changed and self.query_one("#imp-path", Input).value.strip():
            self._look()

    # --- step 2: the header row ------------------------------------------------------------

    @on(DataTable.RowSelected, "#imp-head")
    def _header_selected(self) -> None:
        self._choose_header()

    def _choose_header(self) -> None:
        assert self.inspection is not None
        number = self.query_one(HeaderStep).chosen(self.inspection)
        if number == self.inspection.header_row and self.options.mapping is not None:
            self._show_mapping()
            self._go(3)
            return
        self.options.header_row = number
        self.options.mapping = None
        self._inspect("header")

    # --- step 3: the mapping ---------------------------------------------------------------

    @on(DataTable.RowSelected, "#imp-map")
    def _mapping_selected(self, event: DataTable.RowSelected) -> None:
        self._change(event.cursor_row)

    def _to_preview(self) -> None:
        assert self.inspection is not None and self.options.mapping is not None
        target = c.TARGETS[self.options.kind]
        missing = c.required_missing(target, self.options.mapping)
        if missing:
            self.notify(self.t("imp.missing", names=", ".join(
                target.column_label(name, self.lang) for name in missing)),
                severity="warning", markup=False)
            return
        labels = [target.column_label(self.options.mapping[i], self.lang)
                  for i in mapped(self.options.mapping)]
        rows = preview_rows(self.options.kind, self.inspection.head,
                            self.inspection.header_row, self.options.mapping, self.lang,
                            self.app.today())  # type: ignore[attr-defined]
        self.query_one(PreviewStep).show(labels, rows)
        self._go(4)

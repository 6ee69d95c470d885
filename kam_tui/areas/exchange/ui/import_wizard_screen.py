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

from kam_tui.areas.exchange.queries.batches import UndoRefused
from kam_tui.areas.exchange.readers.table import UnreadableFile
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.areas.exchange.service import (
    ImportCancelled,
    ImportOptions,
    ImportReport,
    ImportService,
    ImportSetupError,
    Inspection,
)
from kam_tui.areas.exchange.ui.file_step import FileStep
from kam_tui.areas.exchange.ui.header_step import HeaderStep
from kam_tui.areas.exchange.ui.mapping_name_dialog import MappingNameDialog
from kam_tui.areas.exchange.ui.mapping_step import MappingStep
from kam_tui.areas.exchange.ui.mode_step import ModeStep
from kam_tui.areas.exchange.ui.preview_rows import mapped, preview_rows
from kam_tui.areas.exchange.ui.preview_step import PreviewStep
from kam_tui.areas.exchange.ui.report_step import ReportStep
from kam_tui.areas.exchange.ui.run_step import RunStep
from kam_tui.areas.exchange.ui.target_dialog import TargetDialog
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from kam_tui.ui.kit.dialog import Dialog
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter
from kam_tui.core.files import free_path

HEAD_ROWS = 40  # rows read for the header choice and the preview
STEPS = ("file", "header", "mapping", "preview", "mode", "report", "run")
NEXT_LABELS = {5: "imp.dry_run", 6: "imp.import"}
# What the rep's program cannot tell a reader apart from the rep's own mistake: said, not logged.
EXPECTED = (ImportSetupError, UnreadableFile)


class ImportWizardScreen(Dialog[bool]):
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
            self._importer = ImportService(db, None if name == ":memory:" else Path(name),
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

    def _first_values(self) -> list[Any]:
        """The first non-blank value below the header of each column."""
        assert self.inspection is not None
        first: list[Any] = [None] * len(self.inspection.headers)
        for number, cells in self.inspection.head:
            if number <= self.inspection.header_row:
                continue
            for index, value in enumerate(cells[:len(first)]):
                if first[index] is None and not v.is_blank(value):
                    first[index] = value
        return first

    def _show_mapping(self) -> None:
        assert self.inspection is not None and self.options.mapping is not None
        self.query_one(MappingStep).show(self.options.kind, self.inspection.headers,
                                         self.options.mapping, self._first_values())

    @on(DataTable.RowSelected, "#imp-map")
    def _mapping_selected(self, event: DataTable.RowSelected) -> None:
        self._change(event.cursor_row)

    def _change(self, index: int) -> None:
        assert self.inspection is not None and self.options.mapping is not None
        if not 0 <= index < len(self.inspection.headers):
            return
        headers, mapping = self.inspection.headers, self.options.mapping
        taken = {name: headers[i] for i, name in enumerate(mapping) if name and i != index}

        def picked(name: str | None) -> None:
            if name is None or self.options.mapping is None:
                return
            if name:  # one column per field, as the engine maps: the other one lets go
                self.options.mapping = [c.IGNORE if other == name else other
                                        for other in self.options.mapping]
            self.options.mapping[index] = name
            self._show_mapping()

        self.app.push_screen(TargetDialog(self.options.kind, headers[index], mapping[index],
                                          taken), picked)

    def action_save_mapping(self) -> None:
        """Save this mapping by name for next month's sheet."""
        if self.inspection is None or self.options.mapping is None:
            return
        headers, mapping, kind = self.inspection.headers, list(self.options.mapping), \
            self.options.kind

        def named(name: str | None) -> None:
            if name:
                self._save(name, kind, headers, mapping)

        self.app.push_screen(MappingNameDialog(self.t("imp.save_q")), named)

    @db_work(group="import-mapping")
    def _save(self, name: str, kind: str, headers: list[str], mapping: list[str]) -> None:
        self.importer.save_mapping(name, kind, headers, mapping)
        self.post_message(self.Said(self.t("imp.mapping_saved", name=one_line(name, 80))))

    def action_load_mapping(self) -> None:
        """Map the columns as a mapping saved by name does."""

        def named(name: str | None) -> None:
            if name:
                self._inspect("saved", replace(self.options, mapping=None, saved_mapping=name))

        self.app.push_screen(MappingNameDialog(self.t("imp.load_q")), named)

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

    # --- steps 5 to 7: the dry run, the import, the undo -------------------------------------

    def _dry_run(self) -> None:
        assert self.path is not None
        self.query_one(ModeStep).chosen(self.options)
        self.busy = True
        self.cancel = threading.Event()
        self.query_one(ModeStep).checking(self.t("imp.checking", rows=0))
        self.refresh_bindings()
        self._execute(True, self.path, replace(self.options), self.cancel)

    def _import(self) -> None:
        assert self.path is not None and self.report is not None
        self.busy = True
        self.cancel = threading.Event()
        self.result = None
        self.undone = False
        self._go(7)
        self.query_one(RunStep).start(self.report.rows)
        self._execute(False, self.path, replace(self.options), self.cancel)

    @db_work(group="import-run", exclusive=True)
    def _execute(self, dry_run: bool, path: Path, options: ImportOptions,
                 cancel: threading.Event) -> None:
        work = self.importer.plan if dry_run else self.importer.run
        try:
            report = work(path, options, cancel=cancel,
                          progress=lambda rows: self.post_message(self.Progress(rows, dry_run)))
        except ImportCancelled:
            self.post_message(self.Done(dry_run, None, cancelled=True))
            return
        except EXPECTED as error:
            self.post_message(self.Done(dry_run, None, error=error.message(self.lang)))
            return
        self.post_message(self.Done(dry_run, report))

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """A run that failed leaves the wizard usable; the app tells the rep what happened."""
        if name == "_execute":
            self.busy = False
            if self.step == 7:
                self.query_one(RunStep).finish(Text(self.t("imp.failed"), style="bold red"),
                                               done=False)
            else:
                self.query_one(ModeStep).checking("")
            self.refresh_bindings()
        return False

    def on_import_wizard_screen_progress(self, message: Progress) -> None:
        if message.dry_run:
            self.query_one(ModeStep).checking(self.t("imp.checking", rows=message.rows))
        else:
            self.query_one(RunStep).advance(message.rows)

    def on_import_wizard_screen_done(self, message: Done) -> None:
        self.busy = False
        self.refresh_bindings()
        if message.dry_run:
            self.query_one(ModeStep).checking(
                self.t("imp.cancelled") if message.cancelled else message.error)
            if message.report is not None:
                self.report = message.report
                self.query_one(ReportStep).show(message.report, self.options.skip_refused)
                self._go(6)
            return
        run = self.query_one(RunStep)
        if message.report is None:
            run.finish(Text(self.t("imp.cancelled") if message.cancelled else message.error,
                            style="bold"), done=False)
            self.refresh_bindings()
            return
        self.result = report = message.report
        if report.stored:
            text = Text(self.t("imp.done", batch=report.batch_id, new=report.new,
                               updated=report.updated, unchanged=report.unchanged,
                               duplicates=report.duplicates, refused=report.refused),
                        style="bold")
            if report.backup is not None:
                text.append("\n" + self.t("imp.backup", name=one_line(report.backup.name, 80)),
                            style="dim")
            text.append("\n" + self.t("imp.undo_hint"))
            self._refresh_under()
        else:
            text = Text(self.t("imp.not_stored", refused=report.refused), style="bold red")
        run.finish(text, done=report.stored)
        self.refresh_bindings()

    def _refresh_under(self) -> None:
        for screen in self.app.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if screen is not self and refresh is not None:
                refresh()

    def action_write_refused(self) -> None:
        """Write the refused rows beside the file, with the reason in a last column."""
        if self.report is None or not self.report.refused or self.path is None:
            return
        self._write(self.report, free_path(self.path.with_name(f"{self.path.stem}-refused.csv")))

    @db_work(group="import-refused")
    def _write(self, report: ImportReport, target: Path) -> None:
        written = self.importer.write_refused(report, target, lang=self.lang)
        self.post_message(self.Said(self.t("imp.refused_written", path=one_line(written, 300))))

    def on_import_wizard_screen_said(self, message: Said) -> None:
        self.notify(message.text, severity=message.severity, markup=False)  # type: ignore[arg-type]

    def action_undo_import(self) -> None:
        """Take the import back: what it made is removed, what it changed is put back."""
        if not self._stored or self.result is None or self.result.batch_id is None:
            return
        batch = self.result.batch_id

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(batch)

        self.app.push_screen(ConfirmDialog(self.t("imp.undo_q", batch=batch),
                                           yes=self.t("imp.undo")), answered)

    @db_work(group="import-undo")
    def _undo(self, batch_id: int) -> None:
        try:
            result = self.importer.undo(batch_id)
        except UndoRefused as error:
            self.post_message(self.Undone(0, 0, error.message(self.lang)))
            return
        self.post_message(self.Undone(result.removed, result.restored))

    def on_import_wizard_screen_undone(self, message: Undone) -> None:
        if message.error:
            self.notify(message.error, severity="warning", markup=False)
            return
        self.undone = True
        self.query_one(RunStep).finish(Text(self.t("imp.undone", removed=message.removed,
                                                   restored=message.restored), style="bold"),
                                       done=False)
        self._refresh_under()
        self.refresh_bindings()

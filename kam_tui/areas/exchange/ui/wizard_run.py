"""The import wizard's last steps: the dry run, the import with its progress, and the undo."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text

from kam_tui.areas.exchange.queries.batches import UndoRefused
from kam_tui.areas.exchange.readers.table import UnreadableFile
from kam_tui.areas.exchange.service import (
    ImportCancelled,
    ImportOptions,
    ImportReport,
    ImportSetupError,
)
from kam_tui.areas.exchange.ui.mode_step import ModeStep
from kam_tui.areas.exchange.ui.report_step import ReportStep
from kam_tui.areas.exchange.ui.run_step import RunStep
from kam_tui.core.domain.text import one_line
from kam_tui.core.files import free_path
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from kam_tui.ui.kit.workers import db_work

# What the rep's program cannot tell a reader apart from the rep's own mistake: said, not logged.
EXPECTED = (ImportSetupError, UnreadableFile)


class WizardRun:
    """The run steps' actions, workers and message handlers, mixed into `ImportWizardScreen`.

    Uses the screen's path, options, report, importer, messages, `_go` and `_stored`.
    """

    path: Path | None
    options: Any
    report: ImportReport | None
    result: ImportReport | None
    importer: Any
    app: Any
    t: Any
    lang: str
    step: int
    busy: bool
    undone: bool
    cancel: threading.Event
    query_one: Any
    post_message: Any
    refresh_bindings: Any
    notify: Any
    _go: Any
    _stored: Any
    Progress: Any
    Done: Any
    Said: Any
    Undone: Any

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

    def on_import_wizard_screen_progress(self, message: Any) -> None:
        if message.dry_run:
            self.query_one(ModeStep).checking(self.t("imp.checking", rows=message.rows))
        else:
            self.query_one(RunStep).advance(message.rows)

    def on_import_wizard_screen_done(self, message: Any) -> None:
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

    def on_import_wizard_screen_said(self, message: Any) -> None:
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

    def on_import_wizard_screen_undone(self, message: Any) -> None:
        if message.error:
            self.notify(message.error, severity="warning", markup=False)
            return
        self.undone = True
        self.query_one(RunStep).finish(Text(self.t("imp.undone", removed=message.removed,
                                                   restored=message.restored), style="bold"),
                                       done=False)
        self._refresh_under()
        self.refresh_bindings()

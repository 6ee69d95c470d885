"""Export what a screen shows (or everything) as CSV, XLSX, vCard or JSON, to a path the rep
confirms; personal fields only when ticked, an existing file replaced only when the rep says so.

Other areas open this dialog by name (`app.open_tool("export", kind=…, ids=…)`): `ids` is a
callable that returns the shown records' ids in the screen's order, from that area's own query.
It is called in the export's worker thread, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Select, Static

from kam_tui.areas.exchange.export_service import (
    Exported,
    ExportRefused,
    ExportService,
    Format,
    default_name,
    kinds_for,
    view_formats,
)
from kam_tui.core.domain.text import normalise_input
from kam_tui.core.files import TargetExists, WriteRefused
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, SUBMIT, FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter
from kam_tui.ui.kit.workers import db_work

MAX_PATH_CHARS = 4096
EVERYTHING = (Format.XLSX, Format.CSV, Format.VCF, Format.JSON)
Ids = Callable[[], Sequence[int]]


@dataclass(frozen=True)
class ExportChoice:
    """The format, the file and whether personal fields go in, as the rep confirmed them."""

    fmt: Format
    path: str
    include_personal: bool = False


class ExportRecordsDialog(FormDialog[Exported | None]):
    """Ask for the format, the path and about personal fields, then write the file; dismiss
    with what was written, or None on escape."""

    BINDINGS = [
        SUBMIT,
        # A letter would be typed into the path: a control key toggles from anywhere.
        Binding("ctrl+t", "toggle_personal", "Personal", id="exp.personal_key"),
        CANCEL,
    ]
    SUBMIT_BUTTON = "exp-ok"

    class Done(Message):
        """The export's worker wrote the file."""

        def __init__(self, done: Exported, choice: ExportChoice) -> None:
            super().__init__()
            self.done = done
            self.choice = choice

    def __init__(self, kind: str | None = None, ids: Ids | None = None) -> None:
        super().__init__()
        # Without ids the dialog exports everything (opened from the palette, say).
        self.kind = kind if ids is not None else None
        self.ids = ids
        self.formats = view_formats(kind) if ids is not None and kind else EVERYTHING
        self.busy = False
        self._choice: ExportChoice | None = None

    def compose(self) -> ComposeResult:
        what = f"exp.what.{self.kind}" if self.kind else "exp.what.all"
        with Vertical(id="exp-dialog", classes="dialog"):
            yield Static(Text(self.t("exp.title")), classes="dialog-title")
            yield Static(Text(self.t(what)), id="exp-what", classes="dialog-message")
            yield Select([(self.t(f"exp.format.{fmt.value}"), fmt) for fmt in self.formats],
                         value=self.formats[0], allow_blank=False, compact=True,
                         id="exp-format")
            yield CleanInput(self._default_path(self.formats[0]), id="exp-path",
                             max_length=MAX_PATH_CHARS)
            yield Static("", id="exp-error", markup=False)
            # Off unless the rep ticks it: personal fields leave kam only when asked.
            yield Checkbox(Text(self.t("exp.personal")), False, compact=True,
                           id="exp-personal")
            yield Static(Text(self.t("exp.personal_hint")), id="exp-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("verb.cancel")), id="exp-cancel")
                yield Button(Text(self.t("exp.do")), id="exp-ok", variant="primary")
        yield FittingFooter()

    def describe(self, binding: Binding) -> str:
        """Name ctrl+s in the Footer as the button it presses: Export."""
        if binding.action == SUBMIT.action:
            return self.t("exp.do")
        return super().describe(binding)

    def on_mount(self) -> None:
        self.query_one("#exp-path", Input).focus()

    def _kinds(self, fmt: Format) -> tuple[str, ...]:
        if self.kind is not None and fmt is not Format.JSON:
            return ("contacts",) if fmt is Format.VCF else (self.kind,)
        return kinds_for(fmt, None)

    def _default_path(self, fmt: Format) -> str:
        today = self.app.today()  # type: ignore[attr-defined]
        return "~/" + default_name(fmt, self._kinds(fmt), today)

    @on(Select.Changed, "#exp-format")
    def _format_changed(self, event: Select.Changed) -> None:
        fmt = event.value
        if not isinstance(fmt, Format):
            return
        path = self.query_one("#exp-path", Input)
        current = PurePath(path.value)
        # The rep's folder and name stay; the extension follows the format.
        if current.suffix.lower().lstrip(".") in {each.value for each in Format}:
            stem = current.stem
            if stem.startswith("kam-"):  # the name kam chose follows what the format holds
                stem = PurePath(default_name(fmt, self._kinds(fmt),
                                             self.app.today())).stem  # type: ignore[attr-defined]
            path.value = str(current.with_name(f"{stem}.{fmt.value}"))
        elif path.value.strip() == "":
            path.value = self._default_path(fmt)

    def action_toggle_personal(self) -> None:
        """Tick or untick "Include personal fields"."""
        self.query_one("#exp-personal", Checkbox).toggle()

    def action_submit(self) -> None:
        if self.busy:
            return
        path = normalise_input(self.query_one("#exp-path", Input).value)
        if not path:
            self._show_error(self.t("exp.path_needed"))
            self.query_one("#exp-path", Input).focus()
            return
        fmt = self.query_one("#exp-format", Select).value
        if not isinstance(fmt, Format):
            fmt = self.formats[0]
        self._start(ExportChoice(fmt, path, self.query_one("#exp-personal", Checkbox).value),
                    overwrite=False)

    def _start(self, choice: ExportChoice, *, overwrite: bool) -> None:
        self._choice = choice
        self._set_busy(True)
        self._show_error("")
        self._export(choice, overwrite)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#exp-ok", Button).disabled = busy
        if busy:
            self.query_one("#exp-error", Static).update(Text(self.t("exp.writing")))

    def _show_error(self, text: str) -> None:
        error = self.query_one("#exp-error", Static)
        error.update(Text("✗ " + text) if text else Text(""))
        error.set_class(bool(text), "-shown")

    # --- the worker --------------------------------------------------------------------------

    @db_work(group="exchange-export", exclusive=True)
    def _export(self, choice: ExportChoice, overwrite: bool) -> None:
        view = self.ids is not None and choice.fmt is not Format.JSON
        # The shown records' ids, read by their own area's query here in the worker.
        ids = list(self.ids()) if view and self.ids is not None else None
        service = ExportService(self.app.db, self.lang)  # type: ignore[attr-defined]
        done = service.export(choice.path, choice.fmt, self.kind if view else None,
                              include_personal=choice.include_personal, overwrite=overwrite,
                              ids=ids)
        self.post_message(self.Done(done, choice))

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """Ask before replacing a file; say in the dialog why a path was refused."""
        if name != "_export":
            return False
        self._set_busy(False)
        choice = self._choice
        if isinstance(error, TargetExists) and choice is not None:
            self._ask_overwrite(choice, str(error.path))
        elif isinstance(error, WriteRefused | ExportRefused):
            self._show_error(error.message(self.lang))
        elif isinstance(error, OSError):
            # The rep's own words, not the temporary file's name beside it.
            path = choice.path if choice is not None else error.filename
            self._show_error(self.t("exp.failed", path=path, error=error.strerror or error))
        else:
            self._show_error("")
            return False  # the database's trouble: the app's one message says it
        return True

    def _ask_overwrite(self, choice: ExportChoice, path: str) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._start(choice, overwrite=True)
            else:
                self.query_one("#exp-path", Input).focus()

        self.app.push_screen(ConfirmDialog(
            self.t("exp.exists", path=path), yes=self.t("exp.replace"),
            no=self.t("exp.keep")), answered)

    def on_export_records_dialog_done(self, message: Done) -> None:
        done = message.done
        where = done.paths[0] if len(done.paths) == 1 else done.paths[0].parent
        text = self.t("exp.done", count=done.total, path=str(where))
        if not message.choice.include_personal:
            text += " · " + self.t("exp.personal_left")
        self.app.notify(text, timeout=8, markup=False)
        self.dismiss(done)

"""The form that creates or edits any record a rep types in, built from its field specs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from kam_tui.core.domain.fields import SECTIONS, FieldError, FieldSpec, Kind
from kam_tui.core.domain.text import one_line
from kam_tui.core.service import (
    ConflictError,
    NotFound,
    RecordService,
    ValidationFailed,
)
from kam_tui.core.drafts import Draft
from kam_tui.ui.forms.conflict_dialog import ConflictDialog
from kam_tui.ui.forms.form_drafts import FormDrafts
from kam_tui.ui.i18n import failure_text
from kam_tui.ui.forms.field_form import FieldForm
from kam_tui.ui.forms.form_field import FormField
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter

_NAME_FIELDS = ("name", "title", "competitor", "purpose", "project")


class RecordFormScreen(FieldForm, Dialog[int | None]):
    """Create or edit one record; dismiss with its id when saved, None when cancelled.

    `initial` pre-fills a new record only; `account_id` scopes contact choices (defaults to
    `parent_id`).
    """

    # Nothing takes focus until the values arrive, so early keystrokes cannot be overwritten.
    # (Disabling the form body instead costs a restyle of every field, over half a second.)
    AUTO_FOCUS = None

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="verb.save"),
        CANCEL,
    ]

    @dataclass
    class Loaded(Message):
        """The record's values (empty for a new one), its version and the reference choices."""

        values: dict[str, Any]
        version: int | None
        options: dict[str, list[tuple[str, int]]]
        invalid: dict[str, str]  # stored text that does not parse, shown for correcting

    @dataclass
    class LoadFailed(Message):
        """The record is gone: deleted elsewhere since the form was asked for."""

    @dataclass
    class Saved(Message):
        """The service stored the record."""

        record_id: int

    @dataclass
    class Refused(Message):
        """The service refused some fields; nothing was stored."""

        errors: dict[str, FieldError]

    @dataclass
    class Similar(Message):
        """Stored records the new one is likely to be (the kind's `similar` hook); not saved."""

        found: list[Any]

    @dataclass
    class Conflicted(Message):
        """The record changed or vanished since it was opened; nothing was stored."""

        error: ConflictError

    def __init__(self, kind: str, *, record_id: int | None = None,
                 parent_id: int | None = None, account_id: int | None = None,
                 initial: dict[str, Any] | None = None, draft: Draft | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id
        self.parent_id = parent_id
        self.account_id = account_id if account_id is not None else parent_id
        self.initial = dict(initial or {})
        self._version: int | None = None
        self._opened: dict[str, Any] | None = None  # typed values as loaded, for conflicts
        self._baseline: dict[str, Any] | None = None  # raw editor values when opened
        self._saving = False
        self.drafts = FormDrafts(self)
        self._draft_to_restore = draft  # chosen at start-up: restore without asking again

    # --- building --------------------------------------------------------------------------

    @property
    def service(self) -> RecordService:
        """Return the app's account service."""
        return self.app.records  # type: ignore[attr-defined]


    @property
    def kind_label(self) -> str:
        """Return what this kind of record is called in the user's language."""
        return self.t(f"kind.{self.kind}")

    def compose(self) -> ComposeResult:
        specs = self.service.specs(self.kind)
        title = self.t("form.edit" if self.record_id is not None else "form.new",
                       kind=self.kind_label)
        with Vertical(id="form-dialog"):
            yield Static(Text(title), id="form-title")
            with VerticalScroll(id="form-body", can_focus=False):
                for heading, group in self._groups(specs):
                    if heading:
                        yield Static(Text(heading), classes="form-section")
                    for spec in group:
                        yield FormField(spec, lang=self.lang, today=self.app.today,  # type: ignore[attr-defined]
                                        id=f"field-{spec.name}")
            yield Static(Text(self.t("form.required_note")), id="form-status")
        yield FittingFooter()

    def _groups(self, specs: tuple[FieldSpec, ...]) -> list[tuple[str, list[FieldSpec]]]:
        """Group fields by card section, with personal data last under its own heading."""
        public = [spec for spec in specs if not spec.private]
        known = {section.key for section in SECTIONS}
        groups: list[tuple[str, list[FieldSpec]]] = []
        loose = [spec for spec in public if spec.section not in known]
        if loose:
            groups.append(("", loose))
        for section in SECTIONS:
            members = [spec for spec in public if spec.section == section.key]
            if members:
                groups.append((section.label(self.lang), members))
        private = [spec for spec in specs if spec.private]
        if private:
            groups.append((self.t("form.private"), private))
        return groups

    def on_mount(self) -> None:
        forms = getattr(self.app, "open_forms", None)
        if forms is not None:
            forms.add(self)  # a hang-up writes every open form's draft before kam exits
        refs = [(spec.name, spec.ref) for spec in self.service.specs(self.kind)
                if spec.kind is Kind.REF]
        self._load(self.service, refs)

    # --- loading ---------------------------------------------------------------------------

    @db_work(group="form-load")
    def _load(self, service: RecordService, refs: list[tuple[str, str]]) -> None:
        try:
            values: dict[str, Any] = {}
            invalid: dict[str, str] = {}
            version = None
            if self.record_id is not None:
                values, version = service.load(self.kind, self.record_id)
                invalid = service.invalid(self.kind, self.record_id)
            # A contact cannot report to itself; any other kind's id names no person to omit.
            itself = self.record_id if self.kind == "contact" else None
            options = {
                name: service.ref_options(ref, self.account_id,
                                          itself if ref == "contact" else None)
                for name, ref in refs
            }
        except NotFound:
            self.post_message(self.LoadFailed())
        else:
            self.post_message(self.Loaded(values, version, options, invalid))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if self not in self.app.screen_stack:
            return  # closed while its data was read: its fields are being taken down
        for name, options in message.options.items():
            self.field(name).set_options(options)
        if self.record_id is None:
            self._fill(self.initial, version=None, opened=None)
        else:
            # A value that does not parse is shown as stored (escaped), to be corrected.
            self._fill({**message.values, **message.invalid}, version=message.version,
                       opened=message.values)
            for name in message.invalid:
                if self.query(f"#field-{name}"):
                    self.field(name).show_error(FieldError.keyed("form.invalid_stored"))
            name = next((message.values[key] for key in _NAME_FIELDS
                         if message.values.get(key)), "")
            if name:
                title = self.query_one("#form-title", Static)
                title.update(Text.assemble(
                    self.t("form.edit", kind=self.kind_label), ("  ·  ", "dim"),
                    one_line(name, 60)))
        fields = self.fields
        if fields:
            fields[0].focus_editor()
        if self._draft_to_restore is not None:
            self.drafts.restore(self._draft_to_restore)
            self._draft_to_restore = None
        else:
            self.drafts.offer()

    def _fill(self, values: dict[str, Any], *, version: int | None,
              opened: dict[str, Any] | None) -> None:
        for field in self.fields:
            if field.spec.name in values:
                field.set_value(values[field.spec.name])
            field.show_error(None)
        self._version = version
        self._opened = dict(opened) if opened is not None else None
        self._baseline = self._raw()

    # --- drafts ----------------------------------------------------------------------------

    @property
    def baseline(self) -> dict[str, Any] | None:
        """Return the editors' values as loaded (None until they are)."""
        return self._baseline

    @property
    def version(self) -> int | None:
        """Return the version of the record as opened (None for a new one)."""
        return self._version

    def raw_values(self) -> dict[str, Any]:
        """Return what every editor holds now."""
        return self._raw()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(self) -> None:
        self.drafts.schedule()

    def on_unmount(self) -> None:
        forms = getattr(self.app, "open_forms", None)
        if forms is not None:
            forms.discard(self)

    def discarded(self) -> None:
        """The rep threw the changes away: so goes the draft."""
        self.drafts.forget()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.app.notify(self.t("form.gone", kind=self.kind_label), severity="error",
                        markup=False)
        self.dismiss(None)

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """Keep the form and everything typed in it; say what broke (the app's error path)."""
        self._saving = False
        self.app.notify(self.t("fault.kept", reason=failure_text(error, self.lang)),
                        severity="error", timeout=10, markup=False)
        if name == "_load" and self._version is None and self._baseline is None:
            self.dismiss(None)  # nothing was shown yet: there is nothing to keep
        return True

    # --- state -----------------------------------------------------------------------------

    # --- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check every field, then save in the background; errors stay at their fields.

        A new record is first checked against the records it may duplicate (the kind's
        `similar` hook): the rep then opens one of those, creates anyway or goes back.
        """
        if self._ready_to_save():
            self._save(self.service, self._raw(), self._version, self._opened,
                       ask_similar=self.record_id is None)

    def _save_anyway(self) -> None:
        """Save a new record the rep chose to create although it looks like a stored one."""
        if self._ready_to_save():
            self._save(self.service, self._raw(), self._version, self._opened,
                       ask_similar=False)

    @db_work(group="form-save")
    def _save(self, service: RecordService, raw: dict[str, Any], version: int | None,
              opened: dict[str, Any] | None, *, ask_similar: bool = False) -> None:
        try:
            if ask_similar:
                found = service.similar(self.kind, raw)
                if found:
                    self.post_message(self.Similar(found))
                    return
            record_id = service.save(self.kind, raw, record_id=self.record_id,
                                     expected_version=version, parent_id=self.parent_id,
                                     opened_values=opened)
        except ValidationFailed as error:
            self.post_message(self.Refused(error.errors))
        except ConflictError as error:
            self.post_message(self.Conflicted(error))
        else:
            self.post_message(self.Saved(record_id))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._saving = False
        self.drafts.forget()
        self.app.notify(self.t("form.saved"))
        self.dismiss(message.record_id)

    @on(Similar)
    def _similar(self, message: Similar) -> None:
        """Show the owning area's dialog of likely duplicates; act on the rep's answer."""
        self._saving = False
        make = getattr(self.app, "similar_dialog", None)
        dialog = make(self.kind, message.found) if make is not None else None
        if dialog is None:
            self._save_anyway()
            return

        def chosen(choice: str | int | None) -> None:
            if choice == "create":
                self._save_anyway()
            elif isinstance(choice, int) and not isinstance(choice, bool):
                # Open the stored one instead: leaving asks about the typing, as escape does.
                self.leave(lambda: self.app.open_record(self.kind, choice))  # type: ignore[attr-defined]

        self.app.push_screen(dialog, chosen)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saving = False
        self._report(message.errors)

    @on(Conflicted)
    def _conflicted(self, message: Conflicted) -> None:
        self._saving = False
        error = message.error
        labels = {spec.name: spec.label(self.lang) for spec in self.service.specs(self.kind)}
        changed = [labels[name] for name in error.changed if name in labels]

        def chosen(choice: str | None) -> None:
            if choice == "overwrite" and error.current is not None:
                self._overwrite(error)
            elif choice == "reload" and error.current is None:
                self.app.notify(self.t("form.gone", kind=self.kind_label), severity="warning")
                self.dismiss(None)
            elif choice == "reload" and error.current is not None:
                self._fill(error.current, version=error.current_version, opened=error.current)
                self.app.notify(self.t("form.reloaded"), severity="warning")

        self.app.push_screen(
            ConflictDialog(self.kind_label, changed, deleted=error.current is None), chosen)

    def _overwrite(self, error: ConflictError) -> None:
        """Save my changed fields over their current record; their other changes stay."""
        baseline = self._baseline or {}
        mine = {name: raw for name, raw in self._raw().items() if raw != baseline.get(name)}
        self._fill(error.current or {}, version=error.current_version, opened=error.current)
        for name, raw in mine.items():
            self.field(name).set_value(raw)
        self.action_save()

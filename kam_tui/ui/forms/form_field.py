"""One field of a record form: its label, the widget a rep types in, and its error line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from kam_tui.core.domain.fields import FieldError, FieldSpec, Kind
from kam_tui.core.domain.text import one_line
from kam_tui.ui.i18n import error_text, translate
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.clean_text_area import CleanTextArea

ERROR_MARK = "✗"  # errors must read as errors without colour, too
_INPUT_KINDS = (Kind.TEXT, Kind.INT, Kind.MONEY, Kind.PERCENT, Kind.DATE)

Editor = Input | TextArea | Select[Any] | Checkbox


class FormField(Widget):
    """A labelled editor for one FieldSpec that parses, previews and reports its own errors."""

    def __init__(self, spec: FieldSpec, *, lang: str = "en",
                 today: Callable[[], date] = date.today, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.spec = spec
        self.lang = lang
        self._today = today
        self._error: FieldError | None = None
        self._options: list[tuple[Text, Any]] = []
        if spec.kind is Kind.CHOICE and spec.choices is not None:
            self._options = [(Text(label), code) for label, code in spec.choices.options(lang)]
        self.editor: Editor = self._make_editor()

    def _make_editor(self) -> Editor:
        spec = self.spec
        if spec.kind in _INPUT_KINDS:
            return CleanInput(placeholder=spec.hint(self.lang), compact=True,
                              classes="field-editor")
        if spec.kind is Kind.MULTILINE:
            # Tab must leave the field: reps tab through a form, they never type tab characters.
            return CleanTextArea(tab_behavior="focus", soft_wrap=True, compact=True,
                                 classes="field-editor")
        if spec.kind is Kind.BOOL:
            return Checkbox(self._yes_no(False), compact=True, classes="field-editor")
        blank = spec.kind is Kind.REF or not spec.required
        return Select(self._options, allow_blank=blank, compact=True,
                      prompt=translate("form.none", self.lang), classes="field-editor")

    def compose(self) -> ComposeResult:
        label = Text(self.spec.label(self.lang))
        if self.spec.required:
            label.append(" *", style="bold")
        yield Label(label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self.editor
            if self.spec.kind is Kind.DATE:
                yield Static("", classes="field-preview", markup=False)
            yield Static("", classes="field-error", markup=False)

    @property
    def error(self) -> FieldError | None:
        """Return the error shown under the field, if any."""
        return self._error

    def raw(self) -> Any:
        """Return what the editor holds, as the service takes it."""
        editor = self.editor
        if isinstance(editor, Input):
            return editor.value
        if isinstance(editor, TextArea):
            return editor.text
        if isinstance(editor, Checkbox):
            return editor.value
        selected = editor.selection
        if selected is None:
            return None if self.spec.kind is Kind.REF else ""
        return selected

    def set_value(self, value: Any) -> None:
        """Show a stored value in the editor."""
        editor = self.editor
        if isinstance(editor, Input):
            editor.value = "" if value is None else (
                value.isoformat() if isinstance(value, date) else str(value))
            editor.cursor_position = 0  # long values should show their start, not their end
        elif isinstance(editor, TextArea):
            editor.text = "" if value is None else str(value)
        elif isinstance(editor, Checkbox):
            editor.value = bool(value)
        elif value in (None, ""):
            if self.spec.kind is Kind.REF or not self.spec.required:
                editor.clear()
        else:
            if not any(code == value for _, code in self._options):
                # Keep a stored value the list no longer offers instead of dropping it silently.
                label = (translate("form.unlisted", self.lang, id=value)
                         if self.spec.kind is Kind.REF else one_line(value, 60))
                self._options.append((Text(label), value))
                editor.set_options(self._options)
            editor.value = value

    def set_options(self, options: list[tuple[str, Any]]) -> None:
        """Give a reference field its choices; labels are shown literally."""
        if not isinstance(self.editor, Select):
            return
        self._options = [(Text(one_line(label, 80)), value) for label, value in options]
        self.editor.set_options(self._options)

    def check(self) -> FieldError | None:
        """Parse the field, show or clear its error, and return the error."""
        try:
            self.spec.parse(self.raw(), self._today())
        except FieldError as error:
            self.show_error(error)
            return error
        self.show_error(None)
        return None

    def show_error(self, error: FieldError | None) -> None:
        """Show an error under the field, or clear it with None."""
        self._error = error
        line = self.query_one(".field-error", Static)
        if error is None:
            line.update("")
        else:
            line.update(Text(f"{ERROR_MARK} {one_line(error_text(error, self.lang), 300)}"))
        self.set_class(error is not None, "-invalid")
        self._update_preview()

    def focus_editor(self) -> None:
        """Focus the editor and bring the whole field, error line included, into view."""
        self.editor.focus()
        self.call_after_refresh(self.scroll_visible, animate=False)

    def _update_preview(self) -> None:
        if self.spec.kind is not Kind.DATE:
            return
        preview = self.query_one(".field-preview", Static)
        text = self.raw().strip()
        if not text or self._error is not None:
            preview.display = False
            return
        try:
            day = self.spec.parse(text, self._today())
        except FieldError as error:
            preview.update(Text(f"{ERROR_MARK} {one_line(error_text(error, self.lang), 300)}"))
            preview.add_class("-bad")
        else:
            weekday = translate(f"weekday.{day.weekday()}", self.lang)
            preview.update(Text(f"→ {day.isoformat()} {weekday}"))
            preview.remove_class("-bad")
        preview.display = True

    def _edited(self) -> None:
        # Clear an error as soon as the value is fixed, but only complain on leaving the field.
        if self._error is not None:
            self.check()
        else:
            self._update_preview()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._edited()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._edited()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._edited()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        # The box looks alike ticked or not except for colour; the words say it plainly.
        event.checkbox.label = self._yes_no(event.value)
        self._edited()

    def _yes_no(self, value: bool) -> Text:
        return Text(translate("dialog.yes" if value else "dialog.no", self.lang))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._check_if_left)

    def _check_if_left(self) -> None:
        if not self.is_attached:
            return
        focused = self.screen.focused
        # A Select's drop-down list is inside the field: opening it is not leaving.
        if focused is not None and self in focused.ancestors_with_self:
            return
        self.check()

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.has_class("field-label"):
            self.focus_editor()

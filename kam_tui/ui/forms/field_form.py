"""What every form of FormFields shares: reading, checking, reporting and leaving unsaved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kam_tui.core.domain.fields import FieldError
from kam_tui.ui.forms.form_field import FormField
from kam_tui.ui.i18n import error_text
from kam_tui.ui.localised import Localised


class FieldForm(Localised):
    """Mixin for a modal screen of FormFields; it sets `_baseline` once its values are in."""

    _baseline: dict[str, Any] | None = None
    _saving: bool = False

    @property
    def fields(self) -> list[FormField]:
        """Return the form's fields in display order."""
        return list(self.query(FormField))  # type: ignore[attr-defined]

    def field(self, name: str) -> FormField:
        """Return the field for a spec name."""
        return self.query_one(f"#field-{name}", FormField)  # type: ignore[attr-defined]

    def _raw(self) -> dict[str, Any]:
        return {field.spec.name: field.raw() for field in self.fields}

    def _state(self) -> dict[str, Any]:
        """What counts as an edit; forms with more than fields add to it."""
        return self._raw()

    @property
    def is_loaded(self) -> bool:
        """Return whether the values have arrived and the form takes input."""
        return self._baseline is not None

    @property
    def is_dirty(self) -> bool:
        """Return whether anything differs from when the form was opened or reloaded."""
        return self._baseline is not None and self._state() != self._baseline

    def _ready_to_save(self) -> bool:
        """Check every field; report what is wrong and return False, or True to go ahead."""
        if self._baseline is None or self._saving:
            return False
        errors = {field.spec.name: error for field in self.fields
                  if (error := field.check()) is not None}
        if errors:
            self._report(errors)
            return False
        self._saving = True
        return True

    def _report(self, errors: dict[str, FieldError]) -> None:
        """Show errors at their fields, focus the first one and say how many there are."""
        first = None
        for field in self.fields:
            error = errors.get(field.spec.name)
            if error is not None:
                field.show_error(error)
                first = first or field
        if first is not None:
            first.focus_editor()
        stray = [error_text(error, self.lang) for name, error in errors.items()
                 if not self.query(f"#field-{name}")]  # type: ignore[attr-defined]
        text = self.t("form.invalid", count=len(errors))
        if stray:
            text += "\n" + "\n".join(stray)
        self.app.notify(text, severity="error", markup=False)  # type: ignore[attr-defined]

    def discarded(self) -> None:
        """The rep chose to throw the changes away; forms that keep drafts forget theirs."""

    def action_cancel(self) -> None:
        """Close the form, asking first when it holds unsaved changes."""
        self.leave()

    def leave(self, then: Callable[[], None] | None = None) -> None:
        """Close the form, asking first when it holds unsaved changes; once it is closed, run
        `then` (nothing runs when the rep keeps editing)."""
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        if self._saving:
            return

        def close() -> None:
            self.dismiss(None)  # type: ignore[attr-defined]
            if then is not None:
                then()

        if not self.is_dirty:
            close()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.discarded()
                close()

        self.app.push_screen(  # type: ignore[attr-defined]
            ConfirmDialog(self.t("form.discard_q"), yes=self.t("verb.discard"),
                          no=self.t("verb.keep_editing")),
            answered)

"""A record form's unsaved typing kept as a draft, and offered back when the form opens again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from kam_tui.core.drafts import Draft, DraftStore, draft_key
from kam_tui.ui.forms.draft_dialog import DraftDialog

if TYPE_CHECKING:
    from textual.timer import Timer

    from kam_tui.ui.forms.record_form_screen import RecordFormScreen

DRAFT_DELAY = 1.0  # seconds after the last key: kill -9 loses at most about this much typing
NAME_FIELDS = ("name", "title", "competitor", "purpose", "project")


class FormDrafts:
    """Write a form's draft shortly after each edit and on demand; offer it back on opening."""

    def __init__(self, form: RecordFormScreen) -> None:
        self.form = form
        self._timer: Timer | None = None

    @property
    def store(self) -> DraftStore | None:
        """Return the app's draft store (None outside kam's app)."""
        return getattr(self.form.app, "drafts", None)

    @property
    def key(self) -> str:
        """Return the name this form's draft is kept under."""
        return draft_key(self.form.kind, self.form.record_id, self.form.parent_id)

    def _changed(self) -> dict[str, Any]:
        baseline = self.form.baseline or {}
        return {name: raw for name, raw in self.form.raw_values().items()
                if raw != baseline.get(name)}

    def _title(self) -> str:
        raw = self.form.raw_values()
        return next((str(raw[name]) for name in NAME_FIELDS if raw.get(name)), "")

    def schedule(self) -> None:
        """Write the draft once typing pauses; each new edit pushes the write back."""
        if not self.form.is_loaded or self.store is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.form.set_timer(DRAFT_DELAY, self.keep_now)

    def keep_now(self) -> None:
        """Write the draft at once (on a hang-up, or when the timer fires); forget a clean form."""
        store = self.store
        if store is None or not self.form.is_loaded:
            return
        changed = self._changed()
        if not changed:
            store.discard(self.key)
            return
        form = self.form
        store.save(Draft(kind=form.kind, record_id=form.record_id, parent_id=form.parent_id,
                         account_id=form.account_id, values=changed, title=self._title(),
                         version=form.version))

    def forget(self) -> None:
        """Drop the draft: the record was saved, or the rep chose to discard the changes."""
        if self._timer is not None:
            self._timer.stop()
        if self.store is not None:
            self.store.discard(self.key)

    def offer(self) -> None:
        """Offer back a draft of this form left by a dropped link or a crash."""
        store = self.store
        draft = store.load(self.key) if store is not None else None
        if draft is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                self.restore(draft)
            elif choice == "discard":
                self.forget()

        self.form.app.push_screen(
            DraftDialog(self.form.kind_label, draft.title, draft.saved_at, datetime.now()),
            chosen)

    def restore(self, draft: Draft) -> None:
        """Put the draft's fields over the values as stored now; the others stay as they are."""
        form = self.form
        names = {field.spec.name for field in form.fields}
        for name, raw in draft.values.items():
            if name in names:
                form.field(name).set_value(raw)
        if draft.version is not None and draft.version != form.version:
            form.app.notify(form.t("draft.changed_since"), severity="warning", timeout=10)

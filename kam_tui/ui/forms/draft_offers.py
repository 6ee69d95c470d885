"""At start-up, the drafts a dropped link or a crash left behind, offered back one by one."""

from __future__ import annotations

from datetime import datetime

from textual.app import App

from kam_tui.core.drafts import Draft, DraftStore
from kam_tui.ui.forms.draft_dialog import DraftDialog
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.i18n import translate


def offer_drafts(app: App, store: DraftStore, drafts: list[Draft]) -> None:
    """Offer the newest draft; after it is restored or discarded, the next; "later" stops."""
    if not drafts:
        return
    draft, rest = drafts[0], drafts[1:]
    lang = getattr(app, "lang", "en")

    def chosen(choice: str | None) -> None:
        if choice == "restore":
            form = RecordFormScreen(draft.kind, record_id=draft.record_id,
                                    parent_id=draft.parent_id, account_id=draft.account_id,
                                    draft=draft)
            app.push_screen(form, lambda _saved: offer_drafts(app, store, rest))
        elif choice == "discard":
            store.discard(draft.key)
            offer_drafts(app, store, rest)

    app.push_screen(DraftDialog(translate(f"kind.{draft.kind}", lang), draft.title,
                                draft.saved_at, datetime.now()), chosen)

"""No escape sequence stored in the data reaches the terminal through an edit form."""

from __future__ import annotations

import pytest
from textual import events

from kam_tui.areas import register_record_kinds
from kam_tui.core.db import models as m
from kam_tui.core.db.records import KINDS
from kam_tui.core.domain.fields import Kind
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.clean_text_area import CleanTextArea
from tests.helpers import TODAY, wait_for

register_record_kinds()  # the kinds are parameters: they must be known when tests are collected

# A clipboard write (OSC 52), a window title (OSC 0), a cleared screen and a bell.
HOSTILE = "A\x1b]52;c;UFdORUQ=\x07\x1b[2J\x1b[HX\x1b]0;TITLE\x07\x9b31m"
MARKERS = ("\x1b]52;", "\x1b]0;TITLE", "\x1b[2J", "\x1b[HX", "\x9b", "\x07")


def terminal_bytes(app: KamApp) -> str:
    """Return what the app would write to a real terminal to draw its screen in full."""
    # Textual's driver writes exactly this on a full refresh; headless tests discard it.
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def hostile_text_columns(kind_name: str) -> dict[str, str]:
    kind = KINDS[kind_name]
    fields = kind.model._meta.fields
    return {spec.name: HOSTILE for spec in kind.specs
            if spec.kind in (Kind.TEXT, Kind.MULTILINE) and spec.name in fields}


@pytest.mark.parametrize("kind_name", [name for name in sorted(KINDS)
                                       if hostile_text_columns(name)])
async def test_edit_form_over_hostile_values_writes_no_escape_sequence(db, kind_name):
    generate_demo(db, TODAY)
    kind = KINDS[kind_name]
    row = kind.model.select().where(kind.model.deleted_at.is_null()).first()
    assert row is not None, f"the demo has no {kind_name}"
    columns = hostile_text_columns(kind_name)
    assert columns, f"{kind_name} has no text fields to test"
    # Straight into the file, as another program or a sync could leave it.
    kind.model.update(**columns).where(kind.model.id == row.id).execute()
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 60)) as pilot:
        form = RecordFormScreen(kind_name, record_id=row.id,
                                parent_id=getattr(row, f"{kind.parent}_id", None)
                                if kind.parent else None)
        app.push_screen(form)
        await wait_for(pilot, lambda: form.is_loaded)
        written = terminal_bytes(app)
        for marker in MARKERS:
            assert marker not in written, f"{marker!r} from the data reached the terminal"
        shown = [field for field in form.fields if field.spec.name in columns]
        assert all("␛" in str(field.raw()) for field in shown)  # still visible, as symbols


async def test_pasted_escape_sequences_and_lines_stay_visible_and_in_order(db):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test() as pilot:
        form = RecordFormScreen("account")
        app.push_screen(form)
        await wait_for(pilot, lambda: form.is_loaded)
        name = form.field("name").editor
        assert isinstance(name, CleanInput)
        name.focus()
        name.post_message(events.Paste("ABC\x1b[31mDEF\nsecond line"))
        await wait_for(pilot, lambda: name.value != "")
        assert name.value == "ABC␛[31mDEF ⏎ second line"
        await wait_for(pilot, lambda: any("joined" in str(n.message)
                                          for n in app._notifications))
        notes = next(f.editor for f in form.fields if isinstance(f.editor, CleanTextArea))
        notes.focus()
        notes.post_message(events.Paste("one\x1b]0;T\x07\r\ntwo"))
        await wait_for(pilot, lambda: notes.text != "")
        assert notes.text == "one␛]0;T␇\ntwo"
        assert all(marker not in terminal_bytes(app) for marker in MARKERS)


def test_every_area_kind_is_covered():
    assert {"account", "contact", "opportunity"} <= set(KINDS)
    assert m.Account in {kind.model for kind in KINDS.values()}

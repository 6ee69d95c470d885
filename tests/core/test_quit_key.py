"""q quits from the working screens, and never from inside a dialog or a form."""

from __future__ import annotations

from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from tests.helpers import TODAY, add_account, table, wait_for


async def test_q_in_a_dialog_or_a_form_does_not_quit(db):
    add_account("Acme Freight")
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        await pilot.press("tab", "tab", "tab")  # off the text boxes, onto a choice
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, RecordFormScreen)


async def test_q_on_the_list_quits(db):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 0 and app.screen.is_mounted)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)

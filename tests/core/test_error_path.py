"""One worker error path: a database error in any area's load or save is told, never fatal."""

from __future__ import annotations

import pytest

from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.customers.service import AccountService
from kam_tui.areas.pipeline.service import PipelineService
from kam_tui.areas.relationships.service import RelationshipService
from kam_tui.core.db import models as m
from kam_tui.core.service import RecordService
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import TODAY, add_account, broken, errors_told, table, wait_for


@pytest.mark.parametrize("key, service, method", [
    ("1", AccountService, "count"),
    ("2", PipelineService, "stats"),
    ("3", RelationshipService, "last_viewed"),
    ("4", CalendarService, "month"),
])
async def test_a_failing_load_in_any_area_is_told_and_the_app_goes_on(
        db, monkeypatch, key, service, method) -> None:
    add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    told = errors_told(app, monkeypatch)
    monkeypatch.setattr(service, method, broken)
    async with app.run_test(size=(120, 40)) as pilot:
        if key != "1":
            await pilot.pause()
            await pilot.press(key)
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        await pilot.press("escape")
        other = "1" if key != "1" else "2"
        await pilot.press(other)
        await wait_for(pilot, lambda: app.current_mode != "customers" if other == "2"
                       else app.current_mode == "customers")
        assert app.return_code is None and app.is_running


async def test_a_failing_save_keeps_the_form_and_what_was_typed(db, monkeypatch) -> None:
    add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    told = errors_told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded and app.focused is not None)
        await pilot.press(*"Borealis Freight")
        monkeypatch.setattr(RecordService, "save", broken)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("kaboom" in text for text in told))
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        assert form.field("name").editor.value == "Borealis Freight"
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordFormScreen))
    assert m.Account.select().where(m.Account.name == "Borealis Freight").exists()


async def test_fields_a_worker_had_refused_are_told_in_the_reps_language(db, monkeypatch) -> None:
    from kam_tui.core.db.records import ValidationFailed
    from kam_tui.core.domain.fields import FieldError
    from kam_tui.ui.kit.workers import WorkerFailed

    app = KamApp(db, lang="zh", today=TODAY)
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: told.append(str(message)))
    async with app.run_test(size=(80, 24)) as pilot:
        refused = ValidationFailed({"skip_reason": FieldError.keyed("calendar.skip_why")})
        app.post_message(WorkerFailed(app.screen, "_skip", refused))
        await wait_for(pilot, lambda: told)
    assert told == ["请填写原因"]

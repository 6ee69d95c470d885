"""The .ics export: birthdays only when asked, bad rows skipped and counted, a safe private file.

The service's answers first, then the dialog driven with keys as a rep would.
"""

from __future__ import annotations

import stat
from datetime import timedelta

import icalendar
import pytest

from textual.widgets import Checkbox, Input

from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.calendar.ui.dialogs.export_dialog import ExportDialog
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save
from kam_tui.core.files import TargetExists, TargetIsLink, TargetProtected
from kam_tui.ui.app import KamApp
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from tests.calendar import test_ui_calendar as ui
from tests.helpers import TODAY, wait_for

data = ui.data  # the fixture: the calendar pilot tests' accounts and three revisits
make_app, open_calendar = ui.make_app, ui.open_calendar

pytestmark = pytest.mark.both_engines

BASE = {"abc_class": "A", "layer": "watch", "status": "current", "lifecycle": "growth"}
TYPED = "PostgreSQL's typed DATE column refuses an invalid date, so no such row can exist"
NO_FILE = "on PostgreSQL the database is a server, not a file an export could overwrite"


def sqlite_only(engine: str, why: str) -> None:
    """Skip the test on PostgreSQL, saying why it cannot happen there."""
    if engine == "postgresql":
        pytest.skip(why)


@pytest.fixture
def calendar_service(db) -> CalendarService:
    return CalendarService(db, lambda: TODAY)


@pytest.fixture
def acme(db) -> int:
    account = save("account", {**BASE, "name": "Northstar Freight", "short_name": "Northstar"},
                   today=TODAY)
    emma = save("contact", {"name": "Emma Wu"}, today=TODAY, parent_id=account)
    m.Revisit.create(account=account, due_on=TODAY + timedelta(days=3), kind="visit",
                     rule="manual")
    m.Revisit.create(account=account, contact=emma, due_on=TODAY + timedelta(days=12),
                     kind="gift", rule="birthday",
                     rule_key=f"birthday/{emma}/0000-00-00/{TODAY + timedelta(days=12)}")
    return account


def summaries(path) -> list[str]:
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(event["SUMMARY"]) for event in parsed.walk("VEVENT")]


def set_due(revisit_id: int, raw: str) -> None:
    # The way another program (or a hand edit) would leave it: straight into the file.
    m.Revisit._meta.database.execute_sql("UPDATE revisit SET due_on = ? WHERE id = ?",
                                         (raw, revisit_id))


def test_birthdays_stay_in_kam_unless_asked_for(calendar_service, acme, tmp_path):
    path = tmp_path / "out.ics"
    done = calendar_service.export_ics(path)
    assert done == 1 and done.personal == 1 and done.skipped == 0
    text = path.read_text(encoding="utf-8")
    assert "Emma Wu" not in text and "Birthday" not in text and "Gift" not in text
    assert summaries(path) == ["Visit: Northstar"]


def test_birthdays_go_in_when_the_rep_ticks_them(calendar_service, acme, tmp_path):
    path = tmp_path / "out.ics"
    done = calendar_service.export_ics(path, include_personal=True)
    assert done == 2 and done.personal == 0
    assert summaries(path) == ["Visit: Northstar", "Gift: Northstar · Emma Wu"]
    assert "Birthday" in path.read_text(encoding="utf-8")


def test_a_generated_birthday_is_left_out_by_default(calendar_service, db, tmp_path):
    account = save("account", {**BASE, "name": "Acme"}, today=TODAY)
    save("contact", {"name": "Li Ming", "birthday": (TODAY + timedelta(days=5)).replace(
        year=1980).isoformat()}, today=TODAY, parent_id=account)
    calendar_service.generate()
    assert m.Revisit.select().where(m.Revisit.rule == "birthday").count() == 1
    calendar_service.export_ics(tmp_path / "out.ics")
    assert "Li Ming" not in (tmp_path / "out.ics").read_text(encoding="utf-8")


@pytest.mark.parametrize("raw", ["2026-02-30", "", "2026-13-45", "garbage", "24/11/2026"])
def test_a_revisit_with_a_bad_date_is_skipped_and_counted(calendar_service, acme, tmp_path,
                                                          raw, engine):
    sqlite_only(engine, TYPED)
    bad = m.Revisit.create(account=acme, due_on=TODAY + timedelta(days=1), kind="phone")
    set_due(bad.id, raw)
    done = calendar_service.export_ics(tmp_path / "out.ics", include_personal=True)
    assert (int(done), done.skipped) == (2, 1)
    assert summaries(tmp_path / "out.ics") == ["Visit: Northstar", "Gift: Northstar · Emma Wu"]


def test_a_bad_birthday_is_skipped_when_birthdays_are_asked_for(calendar_service, acme,
                                                                tmp_path, engine):
    sqlite_only(engine, TYPED)
    birthday = m.Revisit.get(m.Revisit.rule == "birthday")
    set_due(birthday.id, "2026-13-45")  # what a contact's birthday '2026-13-45' generates
    done = calendar_service.export_ics(tmp_path / "a.ics", include_personal=True)
    assert (int(done), done.skipped) == (1, 1)
    done = calendar_service.export_ics(tmp_path / "b.ics")
    assert (int(done), done.skipped, done.personal) == (1, 0, 1)


def test_an_existing_file_is_replaced_only_when_asked_and_becomes_private(
        calendar_service, acme, tmp_path):
    path = tmp_path / "out.ics"
    path.write_text("my other calendar")
    path.chmod(0o644)
    with pytest.raises(TargetExists):
        calendar_service.export_ics(path)
    assert path.read_text() == "my other calendar"
    calendar_service.export_ics(path, overwrite=True)
    assert "BEGIN:VCALENDAR" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_symlink_target_is_refused_and_what_it_points_to_kept(calendar_service, acme,
                                                                tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "out.ics").symlink_to(victim)
    with pytest.raises(TargetIsLink):
        calendar_service.export_ics(tmp_path / "out.ics", overwrite=True)
    assert victim.read_text() == "keep"


def test_missing_folders_are_made_private(calendar_service, acme, tmp_path):
    path = tmp_path / "new" / "deeper" / "out.ics"
    calendar_service.export_ics(path)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "deeper").stat().st_mode) == 0o700


def test_the_open_database_is_never_the_target(calendar_service, acme, db, db_path, engine):
    sqlite_only(engine, NO_FILE)
    for target in (db_path, db_path.parent / "." / "kam.db", f"{db_path}-wal"):
        with pytest.raises(TargetProtected):
            calendar_service.export_ics(target, overwrite=True)
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert m.Revisit.select().count() == 2


# --- the dialog ----------------------------------------------------------------------------


async def open_export(pilot, app: KamApp) -> ExportDialog:
    await open_calendar(pilot, app)
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
    return app.screen


def told(app: KamApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_export_to_the_confirmed_path(db, data, tmp_path):
    app = make_app(db)
    target = tmp_path / "mine.ics"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        field = dialog.query_one(Input)
        assert field.value == "~/kam-revisits.ics"
        assert dialog.query_one(Checkbox).value is False  # personal dates: off unless asked
        field.value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        await wait_for(pilot, lambda: any("Wrote 3 revisits" in text for text in told(app)))
    assert target.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_escape_cancels_the_export(db, data, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_export(pilot, app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        await app.workers.wait_for_complete()
    assert not (tmp_path / "kam-revisits.ics").exists()


def birthday(data: dict[str, int]) -> None:
    m.Revisit.create(account=data["acme"], contact=data["li"], due_on=TODAY + timedelta(days=9),
                     kind="gift", rule="birthday")


async def test_birthdays_go_out_only_when_ticked(db, data, tmp_path):
    birthday(data)
    app = make_app(db)
    left_out, with_them = tmp_path / "a.ics", tmp_path / "b.ics"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(left_out)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("birthdays left out: 1" in text for text in told(app)))
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(with_them)
        await pilot.press("ctrl+t")  # the Footer's key: ticks it without leaving the path
        await wait_for(pilot, lambda: dialog.query_one(Checkbox).value is True)
        await pilot.press("enter")
        await wait_for(pilot, with_them.exists)
    assert "Birthday" not in left_out.read_text(encoding="utf-8")
    assert left_out.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 3
    assert "Gift: Acme · Li Ming" in with_them.read_text(encoding="utf-8")


async def test_a_bad_row_is_skipped_and_the_notification_says_so(db, data, tmp_path, engine):
    sqlite_only(engine, TYPED)
    bad = m.Revisit.create(account=data["acme"], due_on=TODAY + timedelta(days=2), kind="phone")
    db.execute_sql("UPDATE revisit SET due_on = '2026-02-30' WHERE id = ?", (bad.id,))
    app = make_app(db)
    target = tmp_path / "mine.ics"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(
            "Wrote 3 revisits" in text and "skipped for an invalid date: 1" in text
            for text in told(app)))
    assert target.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 3


async def test_an_existing_file_is_replaced_only_after_asking(db, data, tmp_path):
    target = tmp_path / "mine.ics"
    target.write_text("my other calendar")
    target.chmod(0o644)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "already exists. Replace it?" in str(
            app.screen.query_one("#confirm-message").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        await app.workers.wait_for_complete()
        assert target.read_text() == "my other calendar"
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: "BEGIN:VCALENDAR" in target.read_text())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_the_database_is_refused_as_the_target_in_the_reps_language(db, data, db_path,
                                                                          engine):
    sqlite_only(engine, NO_FILE)
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(db_path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("是您的 kam 数据库" in text for text in told(app)))
        assert isinstance(app.screen, CalendarScreen)  # nothing asked: there is no yes to it
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert m.Revisit.select().count() == 3


async def test_an_empty_path_is_asked_for_again(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = "  "
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Type a file path" in str(
            dialog.query_one("#export-error").render()))
        assert app.screen is dialog


async def test_a_path_that_cannot_be_written_is_named_with_the_reason(db, data, tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    target = tmp_path / "notes.txt" / "mine.ics"
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(f"Could not write {target}: Not a directory" in text
                                          for text in told(app)))
        assert isinstance(app.screen, CalendarScreen)

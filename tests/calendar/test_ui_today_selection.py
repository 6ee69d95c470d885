"""Pilot tests of the Today list's marks: space and * mark, then done, skip and reschedule act on
every marked revisit at once, and u takes the whole batch back. A card review is done without
logging a contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.console import Console

from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.calendar.ui.dialogs.complete_revisit_screen import CompleteRevisitScreen
from kam_tui.areas.calendar.ui.dialogs.reschedule_dialog import RescheduleDialog
from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog
from kam_tui.areas.calendar.ui.month_grid import MonthGrid
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save
from kam_tui.ui.app import KamApp
from kam_tui.ui.help_screen import HelpScreen
from tests.helpers import TODAY, settled, wait_for

BASE = {"abc_class": "B", "layer": "consolidate", "status": "current", "lifecycle": "growth"}


@pytest.fixture
def data(db) -> dict[str, int]:
    """The issue's account: last called 81 days ago, its card review and an after-delivery
    revisit (24 days late) open; another account has a revisit today."""
    acme = save("account", {**BASE, "name": "Acme Trucks", "short_name": "Acme"}, today=TODAY)
    other = save("account", {**BASE, "name": "Blue River"}, today=TODAY)
    save("revisit_rule", {"rule": "card_review", "enabled": False}, today=TODAY,
         parent_id=other)
    save("activity", {"occurred_on": (TODAY - timedelta(days=81)).isoformat(), "kind": "phone",
                      "summary": "called"}, today=TODAY, parent_id=acme)
    review = m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=74), kind="phone",
                              rule="card_review", rule_key="card_review//2026-09-03/2026-09-10")
    after = m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=24), kind="visit",
                             rule="after_delivery",
                             rule_key="after_delivery//2026-09-03/2026-10-30")
    today = m.Revisit.create(account=other, due_on=TODAY, kind="phone", rule="manual")
    return {"acme": acme, "review": review.id, "after": after.id, "today": today.id}


def line(table: TodayList, y: int) -> str:
    return table.render_line(y).text


async def open_today(pilot, app: KamApp) -> tuple[CalendarScreen, TodayList]:
    await settled(pilot)
    await pilot.press("4")
    await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen)
                   and app.screen.query_one(MonthGrid).view is not None)
    await settled(pilot)
    cal = app.screen
    assert isinstance(cal, CalendarScreen)
    await pilot.press("a")
    table = cal.query_one(TodayList)
    await wait_for(pilot, lambda: cal.view == "today" and table.row_count == 3)
    await settled(pilot)
    return cal, table


def title(cal: CalendarScreen) -> str:
    return str(cal.query_one("#cal-title").render())


@pytest.mark.both_engines
async def test_space_marks_and_done_reviews_the_card_without_a_contact(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        cal, table = await open_today(pilot, app)
        assert table.cursor_key == data["review"]  # the oldest first
        assert "since 09-10" in line(table, 1) and "Review" in line(table, 1)
        assert "no contact 81d" in line(table, 1)
        await pilot.press("space")
        await wait_for(pilot, lambda: line(table, 1).startswith("*"))
        assert table.cursor_key == data["after"]  # on to the next row
        assert not line(table, 2).startswith("*")
        assert "1 marked" in title(cal)
        await pilot.press("x")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["review"]).status == "done")
        await settled(pilot)
        assert not isinstance(app.screen, CompleteRevisitScreen)  # no contact to log
        assert m.Activity.select().count() == 1
        assert m.Revisit.get_by_id(data["after"]).status == "planned"
        assert table.marks == {} and "marked" not in title(cal)
        rows = [line(table, y) for y in range(1, table.row_count + 1)]
        assert all("no contact 81d" in row for row in rows if "Acme" in row)
        await pilot.press("u")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["review"]).status == "planned")
        assert m.Revisit.get_by_id(data["review"]).due_on == TODAY - timedelta(days=74)
        assert [r.id for r in m.Revisit.select().where(m.Revisit.rule == "card_review")] == [
            data["review"]]  # the review the batch planned is gone with it


async def test_x_on_one_card_review_reviews_it_at_once(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        _cal, table = await open_today(pilot, app)
        await pilot.press("x")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["review"]).status == "done")
        await settled(pilot)
        assert m.Activity.select().count() == 1
        assert m.Revisit.get_by_id(data["review"]).due_on == TODAY
        assert m.Revisit.get_by_id(data["after"]).status == "planned"


@pytest.mark.both_engines
async def test_mark_all_then_skip_asks_once_and_u_undoes_the_batch(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        cal, table = await open_today(pilot, app)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: len(table.marks) == 3)
        assert all(line(table, y).startswith("*") for y in (1, 2, 3))
        assert "3 marked" in title(cal)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SkipDialog))
        assert "3 marked revisits" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press(*"trade fair", "enter")
        marked = (data["review"], data["after"], data["today"])

        def rows() -> list[m.Revisit]:
            return list(m.Revisit.select().where(m.Revisit.id.in_(marked)))

        await wait_for(pilot, lambda: {r.status for r in rows()} == {"skipped"})
        assert {r.skip_reason for r in rows()} == {"trade fair"}
        await wait_for(pilot, lambda: table.marks == {})
        assert m.Revisit.select().count() == 4  # and Acme's next card review, from today
        await pilot.press("u")
        await wait_for(pilot, lambda: {r.status for r in rows()} == {"planned"})
        assert m.Revisit.select().count() == 3


async def test_star_unmarks_all_when_some_are_marked(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        cal, table = await open_today(pilot, app)
        await pilot.press("space")
        await wait_for(pilot, lambda: len(table.marks) == 1)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: table.marks == {} and not line(table, 1).startswith("*"))
        assert "marked" not in title(cal)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: len(table.marks) == 3)


@pytest.mark.both_engines
async def test_reschedule_several_asks_once_for_the_date(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        _cal, table = await open_today(pilot, app)
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: len(table.marks) == 2)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RescheduleDialog))
        await pilot.press("ctrl+n")
        tomorrow = TODAY + timedelta(days=1)
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["after"]).due_on == tomorrow)
        assert m.Revisit.get_by_id(data["review"]).due_on == tomorrow
        assert m.Revisit.get_by_id(data["today"]).due_on == TODAY  # not marked
        await settled(pilot)
        assert not isinstance(app.screen, RescheduleDialog)


async def test_done_on_marks_with_a_customer_revisit_opens_its_form(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        _cal, table = await open_today(pilot, app)
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: len(table.marks) == 2)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteRevisitScreen)
                       and app.screen.is_loaded)
        assert app.screen.row.id == data["after"]
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["review"]).status == "done")
        await settled(pilot)
        await pilot.press(*"checked the trucks")
        await settled(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["after"]).status == "done")
        await wait_for(pilot, lambda: table.marks == {})
        await settled(pilot)  # the form's removal, before the app stops
        assert m.Activity.select().count() == 2  # the visit, logged in its form


async def test_the_mark_keys_are_in_the_footer_and_help(db, data):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        cal, _table = await open_today(pilot, app)
        shown = {active.binding.id for active in cal.active_bindings.values()
                 if active.binding.show}
        assert {"calendar.mark", "calendar.mark_all"} <= shown
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#help-body").content)
        body = console.export_text()
        assert "Mark all/none" in body and "space" in body and "Mark" in body

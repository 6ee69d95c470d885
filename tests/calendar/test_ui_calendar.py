"""Pilot tests of the revisit calendar, driven with keys and clicks as a rep would."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from rich.console import Console
from textual.widgets import Input, TextArea

from kam_tui.areas.calendar.service import CalendarService
from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
from kam_tui.areas.calendar.ui.dialogs.complete_revisit_screen import (
    CompleteRevisitScreen,
)
from kam_tui.areas.calendar.ui.dialogs.reschedule_dialog import RescheduleDialog
from kam_tui.areas.calendar.ui.dialogs.skip_dialog import SkipDialog
from kam_tui.areas.calendar.ui.month_grid import MonthGrid
from kam_tui.areas.calendar.ui.today_list import TodayList
from kam_tui.areas.calendar.ui.week_agenda import WeekAgenda
from kam_tui.areas.customers.service import AccountService
from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.help_screen import HelpScreen
from tests.helpers import TODAY, errors_told, keys_handled, settled, wait_for

BASE = {"abc_class": "B", "layer": "consolidate", "status": "current", "lifecycle": "growth"}


@pytest.fixture
def data(db) -> dict[str, int]:
    acme = save("account", {**BASE, "name": "Acme Trucks", "short_name": "Acme"}, today=TODAY)
    evil = save("account", {**BASE, "name": "[bold]Evil[/] \x1b[2J Corp"}, today=TODAY)
    li = save("contact", {"name": "Li Ming"}, today=TODAY, parent_id=acme)
    for account_id in (acme, evil):  # no generated revisits: the tests see only these
        save("revisit_rule", {"rule": "card_review", "enabled": False}, today=TODAY,
             parent_id=account_id)
    late = m.Revisit.create(account=acme, contact=li, due_on=TODAY - timedelta(days=3),
                            kind="visit", rule="manual")
    today = m.Revisit.create(account=evil, due_on=TODAY, kind="phone", rule="manual",
                             note="[red]not markup[/]")
    m.Revisit.create(account=acme, due_on=TODAY + timedelta(days=40), kind="phone")
    return {"acme": acme, "evil": evil, "li": li, "late": late.id, "today": today.id}


def make_app(db) -> KamApp:
    return KamApp(db, lang="en", today=TODAY)


def screen(app: KamApp) -> CalendarScreen:
    for candidate in app.screen_stack:
        if isinstance(candidate, CalendarScreen):
            return candidate
    raise AssertionError("calendar not open")


async def open_calendar(pilot, app: KamApp) -> CalendarScreen:
    """Press 4 once the app is up; return the calendar once its rules ran and it reloaded."""
    await settled(pilot)
    await pilot.press("4")
    await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
    cal = screen(app)
    await wait_for(pilot, lambda: cal.query_one(MonthGrid).view is not None)
    await settled(pilot)  # the rules' run, the reload it asks for and the start view's setting
    return cal


def text_of(widget) -> str:
    return str(widget.render())


@pytest.mark.both_engines
async def test_key_4_opens_the_month_with_counts_today_and_overdue(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        grid = cal.query_one(MonthGrid)
        assert grid.has_focus
        assert grid.cursor == TODAY
        view = grid.view
        assert view is not None and (view.year, view.month) == (2026, 11)
        assert view.counts[TODAY] == {"phone": 1}
        assert view.overdue_days == {TODAY - timedelta(days=3)}
        drawn = text_of(grid)
        assert "▸23 today" in drawn
        assert "!V1" in drawn
        title = text_of(cal.query_one("#cal-title"))
        assert "November 2026" in title and "1 overdue" in title


async def test_arrows_months_and_today_key(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        grid = cal.query_one(MonthGrid)
        await pilot.press("right", "down")
        assert grid.cursor == TODAY + timedelta(days=8)
        await pilot.press("left", "up", "up")
        assert grid.cursor == TODAY - timedelta(days=7)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: grid.view is not None and grid.view.month == 12)
        assert cal.cursor == date(2026, 12, 16)
        await wait_for(pilot, lambda: "December 2026" in text_of(cal.query_one("#cal-title")))
        await pilot.press("down", "down", "down")  # into January: the month follows the cursor
        await wait_for(pilot, lambda: grid.view is not None and grid.view.month == 1)
        assert grid.view.counts[date(2027, 1, 2)] == {"phone": 1}
        await pilot.press("t")
        await wait_for(pilot, lambda: grid.cursor == TODAY and grid.view is not None
                       and grid.view.month == 11)


async def test_enter_opens_the_day_and_escape_goes_back(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("enter")
        agenda = cal.query_one(WeekAgenda)
        await wait_for(pilot, lambda: cal.view == "day" and agenda.row_count == 1)
        assert agenda.has_focus
        assert agenda.cursor_key == data["today"]
        assert "Mon 2026-11-23 · 1 revisits" in text_of(cal.query_one("#cal-title"))
        lines = [text_of(agenda) for _ in range(1)]
        del lines
        strip = agenda.render_line(1)
        assert "[bold]Evil[/]" in strip.text and "\x1b" not in strip.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: cal.view == "month")
        assert cal.query_one(MonthGrid).has_focus


async def test_clicking_a_day_selects_then_opens_it(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        grid = cal.query_one(MonthGrid)
        target = TODAY - timedelta(days=3)  # Friday the 20th, row 4, column 5
        x, y = next((x, y) for y in range(grid.size.height) for x in range(grid.size.width)
                    if grid.day_at(x, y) == target)
        await pilot.click(MonthGrid, offset=(x + 2, y + 1))
        assert grid.cursor == target
        await pilot.click(MonthGrid, offset=(x + 2, y + 1))
        agenda = cal.query_one(WeekAgenda)
        await wait_for(pilot, lambda: cal.view == "day" and agenda.row_count == 1)
        assert agenda.cursor_key == data["late"]


async def test_week_view_and_paging(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("w")
        agenda = cal.query_one(WeekAgenda)
        await wait_for(pilot, lambda: cal.view == "week" and agenda.row_count == 1)
        assert "Week 48" in text_of(cal.query_one("#cal-title"))
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: agenda.row_count == 1 and agenda.cursor_key == data["late"])
        assert "Week 47" in text_of(cal.query_one("#cal-title"))


@pytest.mark.both_engines
async def test_today_list_complete_a_revisit_in_one_form(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        today_list = cal.query_one(TodayList)
        await wait_for(pilot, lambda: cal.view == "today" and today_list.row_count == 2)
        assert today_list.cursor_key == data["late"]  # overdue first
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteRevisitScreen)
                       and app.screen.is_loaded)
        form = app.screen
        assert isinstance(form, CompleteRevisitScreen)
        summary = form.field("summary").editor
        assert isinstance(summary, TextArea) and app.focused is summary
        await pilot.press(*"Checked the fleet")
        next_day = form.field("next_step_date").editor
        assert isinstance(next_day, Input)
        next_day.value = "+7d"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CompleteRevisitScreen))
        done = m.Revisit.get_by_id(data["late"])
        assert done.status == "done"
        activity = m.Activity.get_by_id(done.activity_id)
        assert (activity.summary, activity.occurred_on, activity.kind) == (
            "Checked the fleet", TODAY, "visit")
        assert [p.contact_id for p in activity.people] == [data["li"]]  # preselected
        step = m.Revisit.get((m.Revisit.rule == "next_step"))
        assert step.due_on == TODAY + timedelta(days=7)
        await wait_for(pilot, lambda: today_list.row_count == 2)  # today's + the next step


async def test_complete_form_refuses_an_empty_summary_and_asks_before_discarding(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteRevisitScreen)
                       and app.screen.is_loaded)
        form = app.screen
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.field("summary").error is not None)  # refused
        await settled(pilot)
        assert app.screen is form and m.Revisit.get_by_id(data["late"]).status == "planned"
        await pilot.press(*"half typed", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CompleteRevisitScreen)
                       and app.screen.is_modal)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        assert m.Activity.select().count() == 0


@pytest.mark.both_engines
async def test_reschedule_by_a_day_and_to_a_typed_date(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RescheduleDialog))
        await pilot.press("ctrl+n")
        # Overdue: +1 day counts from today, not from the missed day.
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["late"]).due_on
                       == TODAY + timedelta(days=1))
        # The list reloads: today's revisit first, then the moved one, still highlighted.
        await wait_for(pilot, lambda: cal.query_one(TodayList).key_at(1) == data["late"])
        await wait_for(pilot, lambda: cal.query_one(TodayList).cursor_key == data["late"])
        await pilot.press("up", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, RescheduleDialog))
        assert cal.query_one(TodayList).cursor_key == data["today"]
        await pilot.press(*"2026-12-24", "enter")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["today"]).due_on
                       == date(2026, 12, 24))


async def test_skip_needs_a_reason(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SkipDialog))
        dialog = app.screen
        await pilot.press("enter")
        # No reason, no skip: the dialog says so and stays.
        await wait_for(pilot, lambda: dialog.query_one("#skip-error").has_class("-shown"))
        assert app.screen is dialog and m.Revisit.get_by_id(data["late"]).status == "planned"
        await pilot.press(*"customer away", "enter")
        await wait_for(pilot, lambda: m.Revisit.get_by_id(data["late"]).status == "skipped")
        row = m.Revisit.get_by_id(data["late"])
        assert (row.skip_reason, row.due_on) == ("customer away", TODAY)


async def test_done_revisits_cannot_be_completed_again_and_month_asks_for_a_row(
        db, data, monkeypatch):
    m.Revisit.update(status="done").where(m.Revisit.id == data["today"]).execute()
    app = make_app(db)
    warned = errors_told(app, monkeypatch, severity="warning")
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("x")  # in the month grid: the day opens instead
        await wait_for(pilot, lambda: cal.view == "day"
                       and cal.query_one(WeekAgenda).row_count == 1)
        assert warned == ["Pick a revisit first: open a day (enter) or the Today list (a)"]
        await pilot.press("x")
        # The key reached the calendar, which says why instead of opening the form.
        await wait_for(pilot, lambda: warned[1:] == ["This revisit is already Done"])
        await settled(pilot)
        assert app.screen is cal


async def test_new_revisit_by_hand_for_the_rows_account(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        made = m.Revisit.select().order_by(m.Revisit.id.desc()).first()
        assert (made.account_id, made.rule, made.due_on, made.kind) == (
            data["acme"], "manual", TODAY, "visit")


async def test_new_revisit_from_the_month_asks_for_the_account(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("right", "n")  # tomorrow, in the month grid: no revisit to start from
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
        assert "which account" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press(*"evil")
        await wait_for(pilot, lambda: app.screen.shown_search == "evil")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        made = m.Revisit.select().order_by(m.Revisit.id.desc()).first()
        assert (made.account_id, made.rule, made.due_on) == (
            data["evil"], "manual", TODAY + timedelta(days=1))
        assert cal.view == "month"


async def test_enter_typed_before_the_matches_arrive_picks_from_the_new_search(db, data):
    app = make_app(db)
    accounts = app.service(AccountService)
    page = accounts.page
    searched = threading.Event()  # held until the test let the search answer

    def slow_page(query, *args, **kwargs):
        if query.search:  # a search at 100k accounts, on a slow laptop: it answers when let
            assert searched.wait(30), "the test never let the search answer"
        return page(query, *args, **kwargs)

    async with app.run_test(size=(120, 40)) as pilot:
        await open_calendar(pilot, app)
        accounts.page = slow_page
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog)
                       and app.screen.shown_search == "")
        dialog = app.screen
        await pilot.press(*"evil", "enter")  # Acme, the unfiltered first match, is still listed
        await keys_handled(pilot)  # the enter too, while the search for "evil" is held
        assert dialog.search == "evil" and dialog.shown_search == "" and app.screen is dialog
        searched.set()  # the matches arrive now, after the enter
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        assert app.screen.parent_id == data["evil"]


async def test_enter_on_a_row_opens_the_customer_card(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: cal.query_one(TodayList).row_count == 2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        assert app.screen.account_id == data["acme"]


async def test_open_on_today_setting_is_kept_and_used(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_calendar(pilot, app)
        await pilot.press("o")
        service = CalendarService(db, lambda: TODAY)
        await wait_for(pilot, service.open_on_today)
    assert not m.Setting.select().where(m.Setting.key == "calendar.open_on_today").exists()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        cal = await open_calendar(pilot, app)
        await wait_for(pilot, lambda: cal.view == "today")


async def test_help_lists_the_calendar_keys(db, data):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_calendar(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#help-body").content)
        body = console.export_text()
        for words in ("Done", "Reschedule", "Skip", "New revisit", "Month", "Week",
                      "Today list", "Export .ics", "Previous", "Next", "Go to today",
                      "Open day", "V Visit", "G Gift"):
            assert words in body, words


async def test_chinese_labels(db, data):
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        cal = await open_calendar(pilot, app)
        assert "2026年11月" in text_of(cal.query_one("#cal-title"))
        assert "周一" in text_of(cal.query_one(MonthGrid))
        assert "今天" in text_of(cal.query_one(MonthGrid))


async def test_the_app_opens_on_today_when_the_rep_asked_for_it(db):
    from kam_tui.areas.calendar.service import CalendarService
    from kam_tui.areas.calendar.ui.calendar_screen import CalendarScreen
    from kam_tui.ui.app import KamApp

    CalendarService(db, lambda: TODAY).set_open_on_today(True)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarScreen))
        assert app.current_mode == "calendar"


@pytest.mark.parametrize(("lang", "hint"), [("en", "Press n to plan one."),
                                            ("zh", "按 n 安排一次回访。")])
async def test_an_empty_week_says_how_to_plan_a_revisit(db, data, lang, hint):
    app = KamApp(db, lang=lang, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        cal = await open_calendar(pilot, app)
        await pilot.press("w", "right_square_bracket")  # next week: nothing planned
        agenda = cal.query_one(WeekAgenda)
        await wait_for(pilot, lambda: cal.view == "week" and agenda.row_count == 0)
        await pilot.pause()
        shown = "\n".join(agenda.render_line(y).text for y in range(4))
        assert hint in shown

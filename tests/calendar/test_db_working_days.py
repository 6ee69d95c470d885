"""Issue 14, item 16: generation plans on working days by default; a setting turns it off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kam_tui.areas.calendar.queries import generation
from kam_tui.areas.calendar.rules.holidays import working_days
from kam_tui.areas.calendar.service import CalendarService
from kam_tui.core.db import models as m
from tests.calendar.test_db_revisits import account, activity, contact, planned
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines

WORK = working_days(2026, 2027)


def _week_of_contacts() -> None:
    """Accounts of every class, last contacted on each day of two weeks, some with birthdays."""
    for offset in range(14):
        day = TODAY - timedelta(days=offset)
        for abc in "ABC":
            acct = account(f"{abc}{offset}", abc_class=abc)
            person = contact(acct, f"P{abc}{offset}", contact_plan="weekly",
                             birthday=f"1980-{12 if offset % 2 else 1:02d}-{offset + 1:02d}")
            activity(acct, day, "visit", people=(person,))


def test_generated_revisits_fall_on_working_days(db):
    _week_of_contacts()
    generation.generate(TODAY)
    rows = planned()
    assert len(rows) > 100
    off = [(r.rule, r.due_on) for r in rows if not WORK.is_working(r.due_on)]
    assert off == []


def test_the_setting_turns_it_off_and_moves_the_coming_revisits_back(db):
    _week_of_contacts()
    service = CalendarService(db, lambda: TODAY)
    assert service.working_days_only() is True
    service.set_working_days_only(False)
    assert m.Setting.get_by_id("calendar.working_days_only").value == "0"
    service.generate()
    # The rules' own dates: Saturdays, Sundays, New Year's Day. Overdue ones stay put.
    weekend = {r.id: r.due_on for r in planned()
               if not WORK.is_working(r.due_on) and r.due_on >= TODAY}
    assert date(2027, 1, 1) in weekend.values() and len(weekend) > 10
    by_hand = m.Revisit.create(account=planned()[0].account_id, due_on=date(2026, 11, 28),
                               kind="visit", rule="manual")
    service.set_working_days_only(True)
    service.generate()
    assert all(WORK.is_working(m.Revisit.get_by_id(i).due_on) for i in weekend)
    assert m.Revisit.get_by_id(by_hand.id).due_on == date(2026, 11, 28)  # the rep's own date
    service.set_working_days_only(False)
    service.generate()
    assert {i: m.Revisit.get_by_id(i).due_on for i in weekend} == weekend


def test_a_revisit_the_rep_moved_stays_where_it_was_put(db):
    acct = account("Acme", abc_class="A")
    activity(acct, date(2026, 11, 26), "visit")  # Thursday: Friday's review, then Saturday's
    generation.generate(date(2026, 11, 26))
    [review] = [r for r in planned(acct) if r.rule == "card_review"]
    assert review.due_on == date(2026, 11, 27)
    m.Revisit.update(due_on=date(2026, 11, 29)).where(m.Revisit.id == review.id).execute()
    generation.generate(date(2026, 11, 26))
    assert m.Revisit.get_by_id(review.id).due_on == date(2026, 11, 29)

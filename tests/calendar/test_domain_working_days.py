"""Issue 14, item 16: revisits on working days, with China's adjusted working days (调休)."""

from __future__ import annotations

from datetime import date

import pytest

from kam_tui.areas.calendar.rules.cadence import (
    AccountFacts,
    ContactFacts,
    Setting,
    plan_revisits,
    working_due,
)
from kam_tui.areas.calendar.rules.holidays import working_days
from kam_tui.areas.calendar.rules.working_days import WorkingDays

WORK = working_days(2026, 2027)


@pytest.mark.parametrize(("day", "worked"), [
    (date(2026, 11, 23), True),  # a Monday
    (date(2026, 11, 28), False),  # a Saturday
    (date(2026, 10, 1), False),  # National Day
    (date(2026, 10, 7), False),  # a day off moved into the National Day week
    (date(2026, 10, 10), True),  # the Saturday worked for it (调休)
    (date(2026, 2, 14), True),  # a Saturday worked for the Spring Festival
    (date(2027, 1, 1), False),  # New Year's Day
])
def test_working_days_know_holidays_and_adjusted_weekends(day, worked):
    assert WORK.is_working(day) is worked


def test_next_and_previous_working_day():
    assert WORK.next_working(date(2026, 10, 1)) == date(2026, 10, 8)
    assert WORK.next_working(date(2026, 10, 4)) == date(2026, 10, 8)
    assert WORK.next_working(date(2027, 1, 1)) == date(2027, 1, 4)
    assert WORK.next_working(date(2026, 10, 9)) == date(2026, 10, 9)
    assert WORK.previous_working(date(2026, 10, 4)) == date(2026, 9, 30)


def test_a_years_unknown_holidays_leave_only_weekends():
    known = working_days(2026, 2026)
    assert known.next_working(date(2027, 1, 1)) == date(2027, 1, 1)  # holidays of 2027 unknown
    assert known.next_working(date(2027, 1, 2)) == date(2027, 1, 4)


NO_REVIEW = {"card_review": Setting(False)}


def test_interval_revisits_move_to_the_next_working_day_and_keep_the_rules_date_in_the_key():
    # An A account reviewed daily, last contact on Wednesday 2026-09-30: due 1 October.
    facts = AccountFacts(1, abc_class="A", activities=((date(2026, 9, 30), "phone"),))
    [review] = [p for p in plan_revisits(facts, date(2026, 9, 30), work=WORK)
                if p.rule == "card_review"]
    assert review.due_on == date(2026, 10, 8)
    assert review.rule_key == "card_review//2026-09-30/2026-10-01"
    [plain] = [p for p in plan_revisits(facts, date(2026, 9, 30)) if p.rule == "card_review"]
    assert plain.due_on == date(2026, 10, 1)  # without working days: the rule's own date


def test_a_rule_never_run_on_a_saturday_is_due_on_monday():
    [review] = plan_revisits(AccountFacts(1, abc_class="B"), date(2026, 11, 28), work=WORK)
    assert review.due_on == date(2026, 11, 30)


def test_birthday_greetings_move_to_the_working_day_before_but_not_into_the_past():
    people = (ContactFacts(10, birthday=date(1980, 11, 29)),  # a Sunday in 2026
              ContactFacts(11, birthday=date(1980, 1, 1)))  # New Year's Day
    facts = AccountFacts(1, contacts=people, settings=NO_REVIEW)
    planned = {p.contact_id: p for p in plan_revisits(facts, date(2026, 11, 23), work=WORK,
                                                      horizon_days=60)}
    assert planned[10].due_on == date(2026, 11, 27)
    assert planned[11].due_on == date(2026, 12, 31)
    assert planned[11].rule_key.endswith("/2027-01-01")
    [late] = plan_revisits(AccountFacts(1, contacts=people[:1], settings=NO_REVIEW),
                           date(2026, 11, 28), work=WORK)
    assert late.due_on == date(2026, 11, 28)  # Friday has passed: today, not overdue


def test_holiday_visits_land_on_working_days():
    from kam_tui.areas.calendar.rules.holidays import major_holidays_between

    majors = major_holidays_between(date(2026, 1, 1), date(2026, 12, 31))
    facts = AccountFacts(1, abc_class="A", settings=NO_REVIEW)
    planned = plan_revisits(facts, date(2026, 1, 1), majors, horizon_days=365, work=WORK)
    assert planned and all(WORK.is_working(p.due_on) for p in planned)


# --- the span of days off, day by day ----------------------------------------------------------

# A hand-made week: Thursday 1 and Friday 2 October 2026 off, Saturday 10 October worked (调休).
MADE = WorkingDays(days_off=frozenset({date(2026, 10, 1), date(2026, 10, 2)}),
                   worked=frozenset({date(2026, 10, 10)}))


def test_moves_list_each_day_off_in_the_span_with_where_it_moves_both_ways():
    """Each day off from start to end inclusive is listed with its next and previous working day."""
    # Wed 30 Sep is worked (left out); Thu 1 to Sun 4 are off; Mon 5 is the next working day.
    assert MADE.moves(date(2026, 9, 30), date(2026, 10, 4)) == [
        (date(2026, 10, 1), date(2026, 10, 5), date(2026, 9, 30)),
        (date(2026, 10, 2), date(2026, 10, 5), date(2026, 9, 30)),
        (date(2026, 10, 3), date(2026, 10, 5), date(2026, 9, 30)),
        (date(2026, 10, 4), date(2026, 10, 5), date(2026, 9, 30)),
    ]


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 10, 3), date(2026, 10, 3), [date(2026, 10, 3)]),  # one day, a Saturday
    (date(2026, 10, 5), date(2026, 10, 9), []),  # a plain working week
    (date(2026, 10, 9), date(2026, 10, 11), [date(2026, 10, 11)]),  # Sat 10 worked, Sun 11 off
    (date(2026, 10, 4), date(2026, 10, 3), []),  # end before start: an empty span
])
def test_moves_cover_the_span_inclusively_and_skip_worked_days(start, end, expected):
    """The span includes both ends; worked days, adjusted weekends among them, never move."""
    assert [day for day, _, _ in MADE.moves(start, end)] == expected


def test_working_days_are_a_value():
    """A WorkingDays cannot be changed once made, so it can be shared and hashed."""
    assert hash(MADE) == hash(WorkingDays(MADE.days_off, MADE.worked))
    with pytest.raises(AttributeError):
        MADE.first = date(2026, 1, 1)  # type: ignore[misc]


@pytest.mark.parametrize(("rule", "expected"), [
    # Due Sunday 2026-11-29, today Monday 2026-11-23.
    ("after_delivery", date(2026, 11, 30)),  # interval and occurrence rules: the Monday after
    ("card_review", date(2026, 11, 30)),
    ("contact_plan", date(2026, 11, 30)),
    ("holiday", date(2026, 11, 30)),
    ("birthday", date(2026, 11, 27)),  # a greeting: the Friday before, so it is not late
])
def test_only_birthday_greetings_move_earlier(rule, expected):
    """A revisit on a day off moves to the next working day, a birthday greeting to the previous."""
    assert working_due(rule, date(2026, 11, 29), date(2026, 11, 23), WORK) == expected


def test_without_working_days_every_revisit_keeps_its_date():
    """With working days off, a revisit is planned on the rule's own date, weekend or not."""
    sunday = date(2026, 11, 29)
    assert working_due("birthday", sunday, date(2026, 11, 23), None) == sunday

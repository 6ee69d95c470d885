"""Cadence rules on a frozen clock: intervals, month ends, leap years, holidays, birthdays."""

from __future__ import annotations

from datetime import date

import pytest

from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.areas.calendar.rules.cadence import (
    AccountFacts,
    ContactFacts,
    MajorHoliday,
    Revisited,
    Setting,
    plan_revisits,
    superseded,
)
from kam_tui.areas.calendar.rules.holidays import (
    holidays_between,
    major_holidays_between,
)

TODAY = date(2026, 11, 23)


def rules(planned) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in planned:
        out.setdefault(item.rule, []).append(item)
    return out


# --- month ends and leap years -----------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),  # quarterly across a year end
    (date(2026, 12, 31), 1, date(2027, 1, 31)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
])
def test_month_steps_clamp_to_the_month_end(start, months, expected):
    assert c.step(start, months=months) == expected


def test_monthly_card_review_from_31_january_is_due_at_the_end_of_february():
    facts = AccountFacts(1, abc_class="C", activities=((date(2027, 1, 31), "visit"),))
    planned = plan_revisits(facts, date(2027, 2, 1))
    assert [(p.rule, p.due_on) for p in planned] == [("card_review", date(2027, 2, 28))]


@pytest.mark.parametrize(("birthday", "today", "expected"), [
    (date(1980, 2, 29), date(2027, 1, 10), date(2027, 2, 28)),  # not a leap year
    (date(1980, 2, 29), date(2028, 1, 10), date(2028, 2, 29)),  # leap year
    (date(1975, 11, 23), TODAY, TODAY),  # today counts
    (date(1975, 11, 22), TODAY, date(2027, 11, 22)),  # passed: next year
    (date(1990, 1, 2), date(2026, 12, 30), date(2027, 1, 2)),  # across the year end
])
def test_next_birthday(birthday, today, expected):
    assert c.next_birthday(birthday, today) == expected


# --- card review -------------------------------------------------------------------------------


@pytest.mark.parametrize(("abc", "expected"), [
    ("A", date(2026, 11, 21)), ("B", date(2026, 11, 27)), ("C", date(2026, 12, 20)),
])
def test_card_review_by_class_counts_from_the_last_contact(abc, expected):
    facts = AccountFacts(1, abc_class=abc, activities=((date(2026, 11, 20), "email"),))
    [planned] = plan_revisits(facts, TODAY)
    assert planned.rule == "card_review"
    assert planned.due_on == expected
    assert planned.rule_key == f"card_review//2026-11-20/{expected.isoformat()}"


def test_a_rule_never_run_is_due_today():
    [planned] = plan_revisits(AccountFacts(1, abc_class="B"), TODAY)
    assert planned.due_on == TODAY
    assert planned.rule_key == "card_review//0000-00-00/2026-11-23"


def test_override_and_disabling_per_account():
    facts = AccountFacts(1, abc_class="A", activities=((date(2026, 11, 20), "visit"),),
                         settings={"card_review": Setting(True, 10)})
    assert [p.due_on for p in plan_revisits(facts, TODAY)] == [date(2026, 11, 30)]
    off = AccountFacts(1, settings={"card_review": Setting(False)})
    assert plan_revisits(off, TODAY) == []


def test_one_open_revisit_per_rule_and_nothing_twice():
    facts = AccountFacts(1, abc_class="A", activities=((date(2026, 11, 10), "visit"),))
    [first] = plan_revisits(facts, TODAY)
    open_ = Revisited(first.rule, first.rule_key, "planned", first.due_on)
    assert plan_revisits(AccountFacts(1, abc_class="A", activities=facts.activities,
                                      revisits=(open_,)), TODAY) == []
    # Deleted (or any other state) with the same key: the key is never planned again.
    gone = Revisited(first.rule, first.rule_key, "deleted", first.due_on)
    assert plan_revisits(AccountFacts(1, abc_class="A", activities=facts.activities,
                                      revisits=(gone,)), TODAY) == []


def test_skipped_revisit_restarts_the_clock():
    skipped = Revisited("card_review", "card_review//2026-11-10/2026-11-17", "skipped",
                        TODAY, closed_on=TODAY)
    facts = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),),
                         revisits=(skipped,))
    [planned] = plan_revisits(facts, TODAY)
    assert planned.due_on == date(2026, 11, 30)


def test_a_logged_contact_supersedes_the_open_revisit_of_the_rules_it_satisfies():
    open_ = Revisited("card_review", "card_review//2026-11-10/2026-11-17", "planned",
                      date(2026, 11, 17))
    before = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),),
                          revisits=(open_,))
    assert not superseded(before, open_, TODAY)
    after = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),
                                                       (date(2026, 11, 21), "phone")),
                         revisits=(open_,))
    assert superseded(after, open_, TODAY)
    # A contact logged for a future day is not a contact yet.
    future = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 30), "phone"),),
                          revisits=(open_,))
    assert not superseded(future, open_, TODAY)
    # Revisits planned by hand are never touched.
    manual = Revisited("manual", "", "planned", date(2026, 11, 17))
    assert not superseded(after, manual, TODAY)


# --- after delivery ----------------------------------------------------------------------------


def test_after_delivery_fortnightly_for_three_months_then_monthly():
    delivered = date(2026, 1, 31)
    assert c.after_delivery_due(delivered, delivered) == date(2026, 2, 14)
    assert c.after_delivery_due(delivered, date(2026, 4, 10)) == date(2026, 4, 24)
    # 14 days after 20 April passes 30 April (three months): then one month after the clock.
    assert c.after_delivery_due(delivered, date(2026, 4, 20)) == date(2026, 5, 20)
    assert c.after_delivery_due(delivered, date(2026, 12, 1)) == date(2027, 1, 1)
    assert c.after_delivery_due(delivered, date(2027, 1, 10)) is None  # a year on: stop
    assert c.after_delivery_due(delivered, delivered, every_days=5) == date(2026, 2, 5)


def test_after_delivery_restarts_from_the_last_service_contact_only():
    delivered = date(2026, 11, 2)
    facts = AccountFacts(1, deliveries=(delivered,), settings={"card_review": Setting(False)})
    [planned] = plan_revisits(facts, TODAY)
    assert (planned.rule, planned.due_on, planned.kind) == ("after_delivery",
                                                            date(2026, 11, 16), "visit")
    gift = AccountFacts(1, deliveries=(delivered,), activities=((date(2026, 11, 20), "gift"),),
                        settings={"card_review": Setting(False)})
    assert plan_revisits(gift, TODAY)[0].due_on == date(2026, 11, 16)  # a gift is no revisit
    visit = AccountFacts(1, deliveries=(delivered,), activities=((date(2026, 11, 20), "visit"),),
                         settings={"card_review": Setting(False)})
    assert plan_revisits(visit, TODAY)[0].due_on == date(2026, 12, 4)


def test_future_and_old_deliveries_plan_nothing():
    settings = {"card_review": Setting(False)}
    assert plan_revisits(AccountFacts(1, deliveries=(date(2026, 12, 1),), settings=settings),
                         TODAY) == []
    assert plan_revisits(AccountFacts(1, deliveries=(date(2025, 10, 1),), settings=settings),
                         TODAY) == []


# --- contact plans, horizon, lost accounts -----------------------------------------------------


def test_contact_plans_by_person():
    people = (
        ContactFacts(10, "daily", last_contact=date(2026, 11, 22)),
        ContactFacts(11, "weekly", last_contact=date(2026, 11, 20)),
        ContactFacts(12, "monthly", last_contact=date(2026, 10, 31)),
        ContactFacts(13, "quarterly", last_contact=date(2026, 8, 31)),
        ContactFacts(14, ""),
    )
    facts = AccountFacts(1, contacts=people, settings={"card_review": Setting(False)})
    got = {p.contact_id: (p.due_on, p.kind) for p in plan_revisits(facts, TODAY)}
    assert got == {
        10: (date(2026, 11, 23), "phone"),
        11: (date(2026, 11, 27), "phone"),
        12: (date(2026, 11, 30), "visit"),
        13: (date(2026, 11, 30), "visit"),
    }


def test_nothing_beyond_the_horizon_and_nothing_for_lost_accounts():
    people = (ContactFacts(10, "quarterly", last_contact=date(2026, 11, 1)),)
    facts = AccountFacts(1, contacts=people, settings={"card_review": Setting(False)})
    assert plan_revisits(facts, TODAY) == []  # due 2027-02-01, past 60 days
    assert plan_revisits(facts, TODAY, horizon_days=90)[0].due_on == date(2027, 2, 1)
    lost = AccountFacts(1, status="lost", abc_class="A", contacts=people)
    assert plan_revisits(lost, TODAY, horizon_days=365) == []


def test_birthdays_plan_a_greeting_on_the_day():
    people = (ContactFacts(10, birthday=date(1980, 12, 3)),
              ContactFacts(11, birthday=date(1980, 6, 3)))
    facts = AccountFacts(1, contacts=people, settings={"card_review": Setting(False)})
    [planned] = plan_revisits(facts, TODAY)
    assert (planned.rule, planned.contact_id, planned.due_on, planned.kind) == (
        "birthday", 10, date(2026, 12, 3), "gift")


# --- holidays ----------------------------------------------------------------------------------


def test_chinese_holidays_from_the_library_in_both_languages():
    zh = dict(holidays_between(date(2027, 1, 1), date(2027, 12, 31), "zh"))
    en = dict(holidays_between(date(2027, 1, 1), date(2027, 12, 31), "en"))
    assert zh[date(2027, 2, 6)] == "春节"
    assert "Spring Festival" in en[date(2027, 2, 6)]
    assert zh[date(2027, 6, 9)] == "端午节"
    assert zh[date(2027, 9, 15)] == "中秋节"
    assert zh[date(2027, 10, 1)] == "国庆节"
    assert holidays_between(date(2027, 3, 1), date(2027, 3, 31), "en") == []


def test_major_holidays_are_taken_once_by_their_first_day():
    majors = major_holidays_between(date(2026, 11, 23), date(2027, 10, 31))
    assert [(h.code, h.first_day) for h in majors] == [
        ("new_year", date(2027, 1, 1)),
        ("spring_festival", date(2027, 2, 6)),
        ("dragon_boat", date(2027, 6, 9)),
        ("mid_autumn", date(2027, 9, 15)),
        ("national_day", date(2027, 10, 1)),
    ]
    # A festival already running is not found again at its second day.
    assert major_holidays_between(date(2027, 2, 7), date(2027, 2, 20)) == []


def test_holiday_visit_a_week_before_for_a_accounts_only():
    new_year = MajorHoliday("new_year", date(2027, 1, 1))
    a = AccountFacts(1, abc_class="A", settings={"card_review": Setting(False)})
    [planned] = plan_revisits(a, TODAY, [new_year])
    assert (planned.rule, planned.due_on, planned.rule_key) == (
        "holiday", date(2026, 12, 25), "holiday/new_year/2027-01-01/2026-12-25")
    b = AccountFacts(1, abc_class="B", settings={"card_review": Setting(False)})
    assert plan_revisits(b, TODAY, [new_year]) == []
    b_on = AccountFacts(1, abc_class="B", settings={"card_review": Setting(False),
                                                    "holiday": Setting(True)})
    assert len(plan_revisits(b_on, TODAY, [new_year])) == 1


def test_a_recent_visit_covers_the_holiday_and_past_festivals_are_ignored():
    new_year = MajorHoliday("new_year", date(2027, 1, 1))
    covered = AccountFacts(1, abc_class="A", activities=((date(2026, 12, 22), "gift"),),
                           settings={"card_review": Setting(False)})
    assert plan_revisits(covered, date(2026, 12, 23), [new_year]) == []
    past = MajorHoliday("national_day", date(2026, 10, 1))
    a = AccountFacts(1, abc_class="A", settings={"card_review": Setting(False)})
    assert plan_revisits(a, TODAY, [past]) == []


def test_contact_limit_by_class():
    from kam_tui.core.domain import decline

    assert [decline.contact_limit(k) for k in ("A", "B", "C", "")] == [30, 60, 90, 90]


def test_rule_key_shape():
    key = c.rule_key("contact_plan", 7, date(2026, 1, 31), date(2026, 2, 28))
    assert key == "contact_plan/7/2026-01-31/2026-02-28"
    assert c.KEY_TAIL.search(key)
    assert key[-21:-11] == "2026-01-31"


# --- the interval tables (DOMAIN.md §4) --------------------------------------------------------


def test_card_review_cadence_by_class():
    """Cards are reviewed A daily, B weekly, C monthly: each interval in days or in months."""
    assert c.CARD_REVIEW == {"A": (1, 0), "B": (7, 0), "C": (0, 1)}


def test_contact_plan_intervals():
    """Contact plans recur daily, weekly, monthly or quarterly; months are never mixed with days."""
    assert c.CONTACT_PLAN == {"daily": (1, 0), "weekly": (7, 0), "monthly": (0, 1),
                              "quarterly": (0, 3)}


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"days": 7}, date(2026, 2, 7)),  # days only: no month is added
    ({"months": 1}, date(2026, 2, 28)),  # months only: clamped to the month end
    ({}, date(2026, 1, 31)),  # no step: the same day
])
def test_a_step_is_whole_days_or_whole_months(kwargs, expected):
    """A step moves by the days or the months it is given and by nothing it is not given."""
    assert c.step(date(2026, 1, 31), **kwargs) == expected


@pytest.mark.parametrize(("birthday", "year", "expected"), [
    (date(1980, 2, 29), 2027, date(2027, 2, 28)),  # 29 February, not a leap year: 28 February
    (date(1980, 2, 29), 2028, date(2028, 2, 29)),  # leap year: kept
    (date(1980, 2, 10), 2027, date(2027, 2, 10)),  # another February day is kept
    (date(1980, 1, 29), 2027, date(2027, 1, 29)),  # a 29th in another month is kept
    (date(1980, 3, 29), 2027, date(2027, 3, 29)),
])
def test_only_29_february_moves_in_a_common_year(birthday, year, expected):
    """A birthday keeps its day in every year; only 29 February falls back to 28 February."""
    assert c.birthday_in(birthday, year) == expected


# --- the horizon -------------------------------------------------------------------------------


@pytest.mark.parametrize(("birthday", "planned"), [
    (date(1980, 1, 21), True),  # 2027-01-21: 59 days after 2026-11-23
    (date(1980, 1, 22), True),  # 2027-01-22: exactly 60 days, the horizon itself
    (date(1980, 1, 23), False),  # 2027-01-23: 61 days, one past the horizon
])
def test_the_horizon_is_60_days_inclusive(birthday, planned):
    """Revisits up to and including 60 days ahead are planned, none later."""
    facts = AccountFacts(1, contacts=(ContactFacts(10, birthday=birthday),),
                         settings={"card_review": Setting(False)})
    assert bool(plan_revisits(facts, TODAY)) is planned


# --- after delivery at its edges ---------------------------------------------------------------


@pytest.mark.parametrize(("clock", "expected"), [
    # Delivered 2026-01-31: three months on is 2026-04-30, a year on 2027-01-31.
    (date(2026, 4, 15), date(2026, 4, 29)),  # 14 days on is before the three months: fortnightly
    (date(2026, 4, 16), date(2026, 4, 30)),  # 14 days on is exactly three months: fortnightly
    (date(2026, 4, 17), date(2026, 5, 17)),  # 14 days on (1 May) is past them: a month on
    (date(2026, 12, 30), date(2027, 1, 30)),  # a month on is inside the year
    (date(2026, 12, 31), date(2027, 1, 31)),  # a month on is exactly a year after delivery
    (date(2027, 1, 1), None),  # a month on (1 February) is past the year: no more revisits
])
def test_after_delivery_switches_to_monthly_at_three_months_and_stops_at_a_year(clock, expected):
    """Fortnightly while the next date is within three months of delivery, monthly within a year."""
    assert c.after_delivery_due(date(2026, 1, 31), clock) == expected


def test_a_delivery_today_starts_the_after_delivery_clock():
    """A delivery on today's date counts: the first revisit is 14 days later."""
    facts = AccountFacts(1, deliveries=(TODAY,), settings={"card_review": Setting(False)})
    assert [(p.rule, p.due_on) for p in plan_revisits(facts, TODAY)] == [
        ("after_delivery", date(2026, 12, 7))]


@pytest.mark.parametrize(("today", "expected"), [
    # Delivered 2025-11-23, last visit 2026-10-23: the next is a month on, 2026-11-23.
    (date(2026, 11, 23), [date(2026, 11, 23)]),  # exactly a year after delivery: still planned
    (date(2026, 11, 24), []),  # a day past the year: the rule is over
])
def test_after_delivery_runs_up_to_the_day_a_year_after_delivery(today, expected):
    """The after-delivery rule plans revisits up to and including the day a year after delivery."""
    facts = AccountFacts(1, deliveries=(date(2025, 11, 23),),
                         activities=((date(2026, 10, 23), "visit"),),
                         settings={"card_review": Setting(False)})
    assert [p.due_on for p in plan_revisits(facts, today)] == expected


# --- clocks: whose contact and whose closed revisit counts -------------------------------------


def test_a_contact_logged_today_resets_the_clock():
    """A contact on today's date is the last contact: a B card is next due a week later."""
    facts = AccountFacts(1, abc_class="B", activities=((TODAY, "phone"),))
    assert [p.due_on for p in plan_revisits(facts, TODAY)] == [date(2026, 11, 30)]


def test_closed_revisits_of_other_rules_leave_the_card_review_clock_alone():
    """Only a done or skipped card-review revisit restarts the card-review clock."""
    others = (
        Revisited("contact_plan", "contact_plan/10/2026-11-10/2026-11-17", "done",
                  date(2026, 11, 17), 10, closed_on=date(2026, 11, 20)),
        Revisited("birthday", "birthday/10/0000-00-00/2026-11-21", "skipped",
                  date(2026, 11, 21), 10, closed_on=date(2026, 11, 21)),
    )
    facts = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),),
                         revisits=others)
    # Last visit 2026-11-10, B weekly: due 2026-11-17, already overdue.
    assert [(p.rule, p.due_on) for p in plan_revisits(facts, TODAY)] == [
        ("card_review", date(2026, 11, 17))]


def test_a_done_revisit_of_the_rule_restarts_it_and_is_not_open():
    """A done card-review revisit restarts the clock from its close and blocks nothing."""
    done = Revisited("card_review", "card_review//2026-11-10/2026-11-17", "done",
                     date(2026, 11, 17), closed_on=date(2026, 11, 20))
    facts = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),),
                         revisits=(done,))
    assert [p.due_on for p in plan_revisits(facts, TODAY)] == [date(2026, 11, 27)]


def test_an_open_revisit_of_the_rule_blocks_a_new_one_whatever_its_key():
    """While one card-review revisit is planned, no other is, even for a later clock."""
    open_ = Revisited("card_review", "card_review//2026-11-03/2026-11-10", "planned",
                      date(2026, 11, 10))
    facts = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),),
                         revisits=(open_,))
    assert plan_revisits(facts, TODAY) == []


def test_open_revisits_of_other_rules_do_not_block_card_review():
    """An open contact-plan or birthday revisit leaves the card review free to be planned."""
    others = (
        Revisited("contact_plan", "contact_plan/11/2026-11-10/2026-11-17", "planned",
                  date(2026, 11, 17), 11),
        Revisited("birthday", "birthday/10/0000-00-00/2026-12-03", "planned",
                  date(2026, 12, 3), 10),
    )
    facts = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 10), "visit"),),
                         revisits=others)
    assert [(p.rule, p.due_on) for p in plan_revisits(facts, TODAY)] == [
        ("card_review", date(2026, 11, 17))]


WEEKLY_TRIO = tuple(ContactFacts(i, "weekly", last_contact=date(2026, 11, 10))
                    for i in (10, 11, 12))
NO_REVIEW = {"card_review": Setting(False)}


def test_a_closed_contact_plan_revisit_restarts_only_that_persons_clock():
    """A done contact-plan revisit of one person resets their clock, not anyone else's."""
    revisits = (
        Revisited("contact_plan", "contact_plan/11/2026-11-10/2026-11-17", "done",
                  date(2026, 11, 17), 11, closed_on=date(2026, 11, 20)),
        # A skipped birthday greeting is no contact-plan revisit, even for the same person.
        Revisited("birthday", "birthday/10/0000-00-00/2026-11-21", "skipped",
                  date(2026, 11, 21), 10, closed_on=date(2026, 11, 21)),
    )
    facts = AccountFacts(1, contacts=WEEKLY_TRIO, revisits=revisits, settings=NO_REVIEW)
    got = {p.contact_id: p.due_on for p in plan_revisits(facts, TODAY) if p.rule == "contact_plan"}
    # Everyone last met 2026-11-10 (due 11-17); person 11's revisit was done on 11-20 (due 11-27).
    assert got == {10: date(2026, 11, 17), 11: date(2026, 11, 27), 12: date(2026, 11, 17)}


def test_an_open_contact_plan_revisit_blocks_only_that_person():
    """A planned contact-plan revisit of one person keeps only that person from a second one."""
    open_ = Revisited("contact_plan", "contact_plan/11/2026-11-03/2026-11-10", "planned",
                      date(2026, 11, 10), 11)
    facts = AccountFacts(1, contacts=WEEKLY_TRIO, revisits=(open_,), settings=NO_REVIEW)
    assert sorted(p.contact_id for p in plan_revisits(facts, TODAY)) == [10, 12]


def test_people_without_a_plan_or_a_birthday_do_not_stop_the_others():
    """A person with no contact plan or no birthday is passed over, and the next is planned."""
    people = (ContactFacts(9), ContactFacts(10, "weekly", birthday=date(1980, 12, 3),
                                            last_contact=date(2026, 11, 20)))
    facts = AccountFacts(1, contacts=people, settings=NO_REVIEW)
    assert sorted((p.rule, p.contact_id, p.due_on) for p in plan_revisits(facts, TODAY)) == [
        ("birthday", 10, date(2026, 12, 3)), ("contact_plan", 10, date(2026, 11, 27))]


# --- which rules are on, for which accounts ----------------------------------------------------


@pytest.mark.parametrize("rule", ["after_delivery", "card_review", "contact_plan", "birthday",
                                  "manual", "next_step"])
def test_every_rule_but_the_holiday_visit_is_on_by_default(rule):
    """Without a setting every rule is on for a B account; only the holiday visit is not."""
    assert c.rule_enabled(AccountFacts(1, abc_class="B"), rule) is True


@pytest.mark.parametrize(("abc", "on"), [("A", True), ("B", False), ("C", False), ("", False)])
def test_holiday_visits_are_on_by_default_for_a_accounts_only(abc, on):
    """Holiday visits are on by default for A accounts and off for every other class, unset too."""
    assert c.rule_enabled(AccountFacts(1, abc_class=abc), "holiday") is on


def test_an_interval_setting_alone_leaves_the_rule_on():
    """A setting that only changes the interval keeps the rule enabled."""
    facts = AccountFacts(1, abc_class="B", activities=((date(2026, 11, 20), "visit"),),
                         settings={"card_review": Setting(every_days=10)})
    assert [p.due_on for p in plan_revisits(facts, TODAY)] == [date(2026, 11, 30)]


def test_potential_accounts_are_planned_like_current_ones():
    """Only lost accounts are left out: a potential account gets its card review."""
    facts = AccountFacts(1, abc_class="B", status="potential")
    assert [(p.rule, p.due_on) for p in plan_revisits(facts, TODAY)] == [("card_review", TODAY)]


# --- holiday visits at their edges -------------------------------------------------------------

NEW_YEAR = MajorHoliday("new_year", date(2027, 1, 1))
A_ONLY_HOLIDAYS = {"card_review": Setting(False)}


@pytest.mark.parametrize(("activity", "covered"), [
    # New Year's Day 2027; today 2026-12-20; the 14-day window opens on 2026-12-18.
    ((date(2026, 12, 17), "visit"), False),  # 15 days before: too early to cover it
    ((date(2026, 12, 18), "visit"), True),  # exactly 14 days before: covers it
    ((date(2026, 12, 19), "gift"), True),  # 13 days before, a gift: covers it
    ((date(2026, 12, 20), "visit"), True),  # today: covers it
    ((date(2026, 12, 28), "visit"), False),  # logged for a future day: not a contact yet
    ((date(2026, 12, 19), "phone"), False),  # a call is neither a visit nor a gift
])
def test_a_visit_or_gift_in_the_14_days_before_a_festival_covers_it(activity, covered):
    """A visit or gift from 14 days before the festival up to today covers the festival."""
    facts = AccountFacts(1, abc_class="A", activities=(activity,), settings=A_ONLY_HOLIDAYS)
    planned = [(p.rule, p.due_on) for p in plan_revisits(facts, date(2026, 12, 20), [NEW_YEAR])]
    assert planned == ([] if covered else [("holiday", date(2026, 12, 25))])


@pytest.mark.parametrize(("first_day", "expected"), [
    # Today 2026-11-23, horizon 2027-01-22; the visit is due a week before the first day.
    (date(2027, 1, 29), [date(2027, 1, 22)]),  # due exactly on the horizon: planned
    (date(2027, 1, 30), []),  # due a day past it: not yet
])
def test_a_holiday_visit_is_planned_once_due_within_the_horizon(first_day, expected):
    """A festival's visit is planned when its due date is on or before the horizon."""
    facts = AccountFacts(1, abc_class="A", settings=A_ONLY_HOLIDAYS)
    planned = plan_revisits(facts, TODAY, [MajorHoliday("spring_festival", first_day)])
    assert [p.due_on for p in planned] == expected


def test_a_festival_starting_today_still_wants_its_visit():
    """A festival whose first day is today is not past: its visit, due a week ago, is planned."""
    facts = AccountFacts(1, abc_class="A", settings=A_ONLY_HOLIDAYS)
    planned = plan_revisits(facts, date(2027, 1, 1), [NEW_YEAR])
    assert [(p.rule, p.due_on) for p in planned] == [("holiday", date(2026, 12, 25))]


def test_a_past_or_covered_festival_does_not_stop_the_next_one():
    """Festivals are weighed one by one: a past or covered one is passed over, the next planned."""
    facts = AccountFacts(1, abc_class="A", settings=A_ONLY_HOLIDAYS)
    past = MajorHoliday("national_day", date(2026, 10, 1))
    assert [p.rule_key for p in plan_revisits(facts, TODAY, [past, NEW_YEAR])] == [
        "holiday/new_year/2027-01-01/2026-12-25"]
    # Today 2026-12-20: a visit yesterday covers New Year; the Spring Festival (6 February,
    # window from 23 January) is not covered and is due 30 January, within the horizon.
    visited = AccountFacts(1, abc_class="A", activities=((date(2026, 12, 19), "visit"),),
                           settings=A_ONLY_HOLIDAYS)
    spring = MajorHoliday("spring_festival", date(2027, 2, 6))
    assert [p.rule_key for p in plan_revisits(visited, date(2026, 12, 20), [NEW_YEAR, spring])] == [
        "holiday/spring_festival/2027-02-06/2027-01-30"]


# --- superseded revisits -----------------------------------------------------------------------

LATER_CALL = ((date(2026, 11, 10), "visit"), (date(2026, 11, 21), "phone"))


@pytest.mark.parametrize("status", ["done", "skipped", "deleted"])
def test_only_planned_revisits_are_superseded(status):
    """A revisit already closed is never marked done again by a later contact."""
    closed = Revisited("card_review", "card_review//2026-11-10/2026-11-17", status,
                       date(2026, 11, 17), closed_on=date(2026, 11, 17))
    assert superseded(AccountFacts(1, abc_class="B", activities=LATER_CALL), closed, TODAY) is False


@pytest.mark.parametrize("revisit", [
    Revisited("manual", "", "planned", date(2026, 11, 17)),
    # Occurrence rules are not reset by contacts, even with a well-formed key.
    Revisited("birthday", "birthday/10/0000-00-00/2026-12-03", "planned", date(2026, 12, 3), 10),
    Revisited("holiday", "holiday/new_year/2027-01-01/2026-12-25", "planned",
              date(2026, 12, 25)),
])
def test_only_interval_rule_revisits_are_superseded(revisit):
    """Revisits of occurrence rules, or made by hand, are never superseded."""
    facts = AccountFacts(1, abc_class="A", activities=LATER_CALL + ((TODAY, "gift"),))
    assert superseded(facts, revisit, TODAY) is False


# The revisit for person 10 was planned from a clock of 2026-11-10.
PLAN_10 = Revisited("contact_plan", "contact_plan/10/2026-11-10/2026-11-17", "planned",
                    date(2026, 11, 17), 10)


@pytest.mark.parametrize(("own_last", "expected"), [
    (date(2026, 11, 21), True),  # person 10 met after the clock: superseded
    (date(2026, 11, 10), False),  # met on the clock's own day: that contact set the clock
    (date(2026, 11, 5), False),  # met before the clock: an older contact changes nothing
])
def test_a_contact_plan_revisit_is_superseded_only_by_that_persons_later_contact(own_last,
                                                                                 expected):
    """Only a later contact with the revisit's own person supersedes a contact-plan revisit."""
    # The others met after the clock, and so did the account as a whole: that does not count.
    people = (ContactFacts(11, "weekly", last_contact=date(2026, 11, 22)),
              ContactFacts(9, "weekly", last_contact=date(2026, 11, 22)),
              ContactFacts(10, "weekly", last_contact=own_last))
    facts = AccountFacts(1, contacts=people, activities=LATER_CALL, revisits=(PLAN_10,))
    assert superseded(facts, PLAN_10, TODAY) is expected


def test_a_contact_plan_revisit_of_someone_gone_is_not_superseded():
    """A contact-plan revisit whose person is no longer at the account is left alone."""
    facts = AccountFacts(1, contacts=(ContactFacts(11, "weekly", last_contact=TODAY),),
                         activities=LATER_CALL)
    assert superseded(facts, PLAN_10, TODAY) is False


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "field"), [
    (Setting(), "enabled"),
    (ContactFacts(1), "plan"),
    (Revisited("card_review", "", "planned", TODAY), "status"),
    (AccountFacts(1), "status"),
    (c.Planned(1, "card_review", "", TODAY, "phone"), "due_on"),
])
def test_rule_facts_are_frozen(value, field):
    """The facts the rules read and the revisits they plan cannot be changed once made."""
    with pytest.raises(AttributeError):
        setattr(value, field, None)


# --- card reviews: the rep's own work, filed when done, one open at a time --------------------


@pytest.mark.parametrize("rule", [r.value for r in c.CadenceRule])
def test_only_a_card_review_is_completed_without_logging_a_contact(rule):
    assert c.logs_contact(rule) is (rule != "card_review")


@pytest.mark.parametrize(("rule", "status", "due", "expected"), [
    ("card_review", "done", date(2026, 3, 30), TODAY),  # done 238 days late: filed today
    ("card_review", "done", date(2026, 11, 27), TODAY),  # done early: filed today too
    ("card_review", "skipped", date(2026, 3, 30), TODAY),  # skipped overdue: today
    ("card_review", "skipped", date(2026, 11, 27), date(2026, 11, 27)),  # skipped ahead: its day
    ("after_delivery", "done", date(2026, 11, 27), date(2026, 11, 27)),  # not a review
    ("manual", "skipped", date(2026, 11, 1), TODAY),
])
def test_filed_on(rule, status, due, expected):
    assert c.filed_on(rule, status, due, TODAY) == expected


def test_a_daily_review_done_238_days_late_plans_the_next_for_tomorrow():
    old_contact = date(2026, 3, 29)
    due = date(2026, 3, 30)
    done = Revisited("card_review", "card_review//2026-03-29/2026-03-30", "done", TODAY,
                     closed_on=c.filed_on("card_review", "done", due, TODAY))
    facts = AccountFacts(1, abc_class="A", activities=((old_contact, "visit"),),
                         revisits=(done,))
    [planned] = plan_revisits(facts, TODAY)
    assert (planned.rule, planned.due_on) == ("card_review", date(2026, 11, 24))
    assert planned.rule_key == "card_review//2026-11-23/2026-11-24"


def _review(due: date, rid: int, status: str = "planned", rule: str = "card_review"):
    return Revisited(rule, f"{rule}//0000-00-00/{due.isoformat()}", status, due, id=rid)


def test_open_card_reviews_side_by_side_collapse_to_the_latest_due():
    old, older, latest = (_review(date(2026, 9, 1), 3), _review(date(2026, 3, 30), 1),
                          _review(date(2026, 11, 20), 2))
    assert c.collapsed((old, older, latest)) == [old, older]
    assert c.collapsed((latest, older)) == [older]


def test_of_two_open_card_reviews_on_one_day_the_later_made_stays():
    first, second = _review(date(2026, 11, 1), 4), _review(date(2026, 11, 1), 9)
    assert c.collapsed((second, first)) == [first]
    assert c.collapsed((first, second)) == [first]


def test_collapse_leaves_one_review_closed_ones_and_other_rules_alone():
    assert c.collapsed(()) == []
    one = _review(date(2026, 3, 30), 1)
    assert c.collapsed((one,)) == []
    done = _review(date(2026, 11, 20), 2, status="done")
    skipped = _review(date(2026, 11, 21), 3, status="skipped")
    visit = _review(date(2026, 11, 22), 4, rule="after_delivery")
    plan = _review(date(2026, 3, 1), 5, rule="contact_plan")
    assert c.collapsed((one, done, skipped, visit, plan)) == []
    assert c.collapsed((visit, plan)) == []

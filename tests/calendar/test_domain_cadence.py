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

"""Revisit queries: record kinds, generation in SQL (checked against the domain rules), actions,
calendar aggregates, the Today list and the iCalendar export."""

from __future__ import annotations

import random
import stat
from dataclasses import replace
from datetime import date, timedelta

import icalendar
import pytest

from kam_tui.areas.calendar.queries import actions, agenda, generation
from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.areas.calendar.rules.holidays import major_holidays_between
from kam_tui.areas.calendar.service import CalendarService
from kam_tui.core import config, paths
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import ValidationFailed, save
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines

BASE = {"abc_class": "C", "layer": "watch", "status": "current", "lifecycle": "growth"}


def account(name: str = "Acme", **values: object) -> int:
    return save("account", {**BASE, "name": name, **values}, today=TODAY)


def contact(account_id: int, name: str = "Li Ming", **values: object) -> int:
    return save("contact", {"name": name, **values}, today=TODAY, parent_id=account_id)


def activity(account_id: int, day: date, kind: str = "visit",
             people: tuple[int, ...] = ()) -> int:
    activity_id = save("activity", {"occurred_on": day.isoformat(), "kind": kind,
                                    "summary": "met"}, today=TODAY, parent_id=account_id)
    for person in people:
        m.ActivityPerson.create(activity=activity_id, contact=person)
    return activity_id


def planned(account_id: int | None = None) -> list[m.Revisit]:
    query = m.Revisit.alive().where(m.Revisit.status == "planned")
    if account_id is not None:
        query = query.where(m.Revisit.account == account_id)
    return list(query.order_by(m.Revisit.id))


@pytest.fixture
def calendar_service(db) -> CalendarService:
    return CalendarService(db, lambda: TODAY)


# --- record kinds through the generic form path ------------------------------------------------


def test_revisit_and_rule_kinds_save_through_records(db):
    acme = account()
    li = contact(acme)
    revisit_id = save("revisit", {"due_on": "+3d", "kind": "phone", "contact_id": li,
                                  "note": "bring the quote"}, today=TODAY, parent_id=acme)
    row = m.Revisit.get_by_id(revisit_id)
    assert (row.account_id, row.contact_id, row.due_on, row.kind, row.rule, row.status) == (
        acme, li, TODAY + timedelta(days=3), "phone", "manual", "planned")
    values, version = records.load("revisit", revisit_id)
    assert values["due_on"] == TODAY + timedelta(days=3) and version == 1
    with pytest.raises(ValidationFailed) as refused:
        save("revisit", {"due_on": "", "kind": "phone"}, today=TODAY, parent_id=acme)
    assert "due_on" in refused.value.errors
    rule_id = save("revisit_rule", {"rule": "card_review", "enabled": False, "every_days": "10"},
                   today=TODAY, parent_id=acme)
    rule = m.RevisitRule.get_by_id(rule_id)
    assert (rule.account_id, rule.rule, rule.enabled, rule.every_days) == (
        acme, "card_review", False, 10)
    with pytest.raises(ValidationFailed):
        save("revisit_rule", {"rule": "card_review", "every_days": "0"}, today=TODAY,
             parent_id=acme)


# --- generation --------------------------------------------------------------------------------


def test_generation_plans_each_rule_once(db):
    acme = account("Acme", abc_class="A")
    li = contact(acme, contact_plan="weekly", birthday="1980-12-01")
    activity(acme, date(2026, 11, 20), "visit", people=(li,))
    m.Purchase.create(account=acme, purchased_on=date(2026, 10, 20),
                      delivered_on=date(2026, 11, 2), amount=100)
    first = generation.generate(TODAY)
    rows = {(r.rule, r.due_on, r.contact_id) for r in planned(acme)}
    assert rows == {
        # A: daily from the visit on Friday the 20th; Saturday's review moves to Monday.
        ("card_review", date(2026, 11, 23), None),
        ("contact_plan", date(2026, 11, 27), li),  # weekly from the visit Li took part in
        ("after_delivery", date(2026, 12, 4), None),  # fortnightly from the visit
        ("birthday", date(2026, 12, 1), li),
        ("holiday", date(2026, 12, 25), None),  # a week before New Year's Day, A only
    }
    assert first.created == 5
    assert m.Revisit.get(rule="card_review").rule_key.endswith("/2026-11-21")  # the rule's date
    assert generation.generate(TODAY) == generation.Generated(0, 0)  # idempotent
    assert generation.generate(TODAY + timedelta(days=1)).created == 0  # one open revisit per rule


def test_a_logged_contact_marks_the_open_revisit_done_and_restarts_the_clock(db):
    acme = account("Acme", abc_class="B")
    generation.generate(TODAY)
    [review] = planned(acme)
    assert review.due_on == TODAY  # never contacted: due today
    later = TODAY + timedelta(days=2)
    phoned = activity(acme, later, "phone")
    result = generation.generate(later)
    assert result.superseded == 1
    old = m.Revisit.get_by_id(review.id)
    assert (old.status, old.activity_id) == ("done", phoned)
    [new] = planned(acme)
    assert new.due_on == later + timedelta(days=7)


def test_lost_deleted_and_disabled_accounts_get_nothing(db):
    account("Gone", status="lost")
    deleted = account("Deleted")
    records.soft_delete("account", deleted)
    off = account("Off")
    save("revisit_rule", {"rule": "card_review", "enabled": False}, today=TODAY, parent_id=off)
    assert generation.generate(TODAY).created == 0


def test_generation_can_be_scoped_to_accounts(db):
    one, two = account("One"), account("Two")
    assert generation.generate(TODAY, account_ids=[two]).created == 1
    assert [r.account_id for r in planned()] == [two]
    assert generation.generate(TODAY).created == 1
    del one


def _facts(account_id: int, today: date) -> c.AccountFacts:
    """Build the domain's view of an account straight from the rows, the slow obvious way."""
    row = m.Account.get_by_id(account_id)
    deliveries = [p.delivered_on or p.purchased_on for p in m.Purchase.alive().where(
        m.Purchase.account == account_id)]
    deliveries += [o.closed_at.date() for o in m.Opportunity.alive().where(
        (m.Opportunity.account == account_id) & (m.Opportunity.status == "won")
        & m.Opportunity.closed_at.is_null(False))]
    activities = [(a.occurred_on, a.kind) for a in m.Activity.alive().where(
        m.Activity.account == account_id)]
    people = []
    for person in m.Contact.alive().where(m.Contact.account == account_id):
        days = [a.occurred_on for a in m.Activity.alive().join(m.ActivityPerson).where(
            (m.ActivityPerson.contact == person.id) & m.ActivityPerson.deleted_at.is_null()
            & (m.Activity.kind != "gift") & (m.Activity.occurred_on <= today))]
        people.append(c.ContactFacts(person.id, person.contact_plan, person.birthday,
                                     max(days) if days else None))
    revisits = []
    for r in m.Revisit.select().where(m.Revisit.account == account_id):
        closed = None
        if r.status == "done":
            closed = r.activity.occurred_on if r.activity_id else r.due_on
        elif r.status == "skipped":
            closed = r.due_on
        revisits.append(c.Revisited(r.rule, r.rule_key,
                                    "deleted" if r.deleted_at else r.status, r.due_on,
                                    r.contact_id, closed))
    settings = {s.rule: c.Setting(s.enabled, s.every_days)
                for s in m.RevisitRule.alive().where(m.RevisitRule.account == account_id)}
    return c.AccountFacts(row.id, row.abc_class, row.status, tuple(deliveries),
                          tuple(people), tuple(activities), tuple(revisits), settings)


def _random_database(rnd: random.Random, accounts: int) -> list[int]:
    ids = []
    kinds = ("visit", "phone", "gift", "email", "meeting")
    for index in range(accounts):
        acct = account(f"Account {index}", abc_class=rnd.choice("ABC"),
                       status=rnd.choice(("current", "current", "potential", "lost")))
        ids.append(acct)
        people = [contact(acct, f"P{index}-{n}",
                          contact_plan=rnd.choice(("", "daily", "weekly", "monthly",
                                                   "quarterly")),
                          birthday=rnd.choice((None, "1980-02-29", "1975-01-31", "1990-12-10",
                                               "1985-11-23", "1970-03-01")))
                  for n in range(rnd.randrange(0, 4))]
        for _ in range(rnd.randrange(0, 5)):
            day = TODAY - timedelta(days=rnd.randrange(-5, 400))
            who = tuple(rnd.sample(people, k=min(len(people), rnd.randrange(0, 3))))
            activity(acct, day, rnd.choice(kinds), people=who)
        for _ in range(rnd.randrange(0, 3)):
            bought = TODAY - timedelta(days=rnd.randrange(-10, 500))
            m.Purchase.create(account=acct, purchased_on=bought,
                              delivered_on=rnd.choice((None, bought + timedelta(days=20))))
        if rnd.random() < 0.3:
            save("revisit_rule", {"rule": rnd.choice(c.GENERATED_RULES),
                                  "enabled": rnd.random() < 0.6,
                                  "every_days": rnd.choice(("", "3", "45"))},
                 today=TODAY, parent_id=acct)
    return ids


@pytest.mark.parametrize("seed, working", [(1, True), (2, True), (3, False)])
def test_sql_generation_agrees_with_the_domain_rules(db, seed, working):
    rnd = random.Random(seed)
    ids = _random_database(rnd, 40)
    day = TODAY
    for _round in range(4):
        majors = major_holidays_between(day, day + timedelta(days=c.HORIZON_DAYS + 7))
        work = generation.calendar_for(day) if working else None
        expected_superseded = set()
        for acct in ids:
            facts = _facts(acct, day)
            expected_superseded |= {(acct, r.rule_key) for r in facts.revisits
                                    if c.superseded(facts, r, day)}
        before = {r.id: r.status for r in m.Revisit.select()}
        result = generation.generate(day, working=working)
        after = list(m.Revisit.select())
        changed = {(r.account_id, r.rule_key) for r in after
                   if before.get(r.id) == "planned" and r.status == "done"}
        assert changed == expected_superseded
        assert result.superseded == len(expected_superseded)
        created_rows = [r for r in after if r.id not in before]
        created = {(r.account_id, r.rule, r.rule_key, r.due_on, r.kind, r.contact_id)
                   for r in created_rows}
        created_keys = {(r.account_id, r.rule_key) for r in created_rows}
        # The domain plans from the state after superseding and before inserting.
        expected = set()
        for acct in ids:
            facts = _facts(acct, day)
            facts = replace(facts, revisits=tuple(r for r in facts.revisits
                                                  if (acct, r.rule_key) not in created_keys))
            expected |= {(p.account_id, p.rule, p.rule_key, p.due_on, p.kind, p.contact_id)
                         for p in c.plan_revisits(facts, day, majors, work=work)}
        assert created == expected
        assert result.created == len(expected)
        # The rep works: completes some, skips some; then time passes.
        for revisit in planned()[:10]:
            if revisit.rule == "card_review" and rnd.random() < 0.5:  # reviewed: no contact
                actions.review_many({revisit.id: revisit.version}, day)
            elif rnd.random() < 0.5:
                actions.skip(revisit.id, revisit.version, "busy", day)
            else:
                actions.complete(revisit.id, revisit.version,
                           {"occurred_on": day.isoformat(),
                            "kind": rnd.choice(("visit", "phone", "gift")), "summary": "done"},
                           today=day)
        day += timedelta(days=rnd.randrange(1, 20))


# --- acting on revisits ------------------------------------------------------------------------


def test_complete_logs_the_contact_people_and_next_step(db):
    acme = account(abc_class="B")
    li = contact(acme)
    staff = m.Staff.create(name="Rep")
    revisit = m.Revisit.create(account=acme, contact=li, due_on=TODAY, kind="visit")
    activity_id, next_id = actions.complete(
        revisit.id, 1, {"occurred_on": "today", "kind": "visit", "summary": "checked the fleet",
                        "result": "happy", "next_step": "send the quote",
                        "next_step_date": "+1w"},
        contact_ids=[li], staff_ids=[staff.id], today=TODAY)
    done = m.Revisit.get_by_id(revisit.id)
    assert (done.status, done.activity_id, done.version) == ("done", activity_id, 2)
    logged = m.Activity.get_by_id(activity_id)
    assert (logged.account_id, logged.summary, logged.result) == (acme, "checked the fleet",
                                                                  "happy")
    assert {(p.contact_id, p.staff_id) for p in logged.people} == {(li, None), (None, staff.id)}
    step = m.Revisit.get_by_id(next_id)
    assert (step.due_on, step.rule, step.note, step.contact_id) == (
        TODAY + timedelta(weeks=1), "next_step", "send the quote", li)
    # The logged visit reset the card review's clock: B weekly from today.
    review = m.Revisit.get((m.Revisit.rule == "card_review") & (m.Revisit.account == acme))
    assert review.due_on == TODAY + timedelta(days=7)


def test_complete_refuses_bad_input_and_stale_versions_saving_nothing(db):
    acme = account()
    revisit = m.Revisit.create(account=acme, due_on=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        actions.complete(revisit.id, 1, {"occurred_on": "2026-02-30", "kind": "visit", "summary": ""},
                   today=TODAY)
    assert set(refused.value.errors) == {"occurred_on", "summary"}
    with pytest.raises(actions.RevisitChanged):
        actions.complete(revisit.id, 7, {"occurred_on": "today", "kind": "visit", "summary": "x"},
                   today=TODAY)
    assert m.Activity.select().count() == 0
    assert m.Revisit.get_by_id(revisit.id).status == "planned"


def test_reschedule_and_skip(db):
    acme = account(abc_class="B")
    revisit = m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=5), rule="card_review",
                               rule_key="card_review//0000-00-00/2026-11-18")
    actions.reschedule(revisit.id, 1, TODAY + timedelta(days=1))
    assert m.Revisit.get_by_id(revisit.id).due_on == TODAY + timedelta(days=1)
    with pytest.raises(actions.RevisitChanged):
        actions.reschedule(revisit.id, 1, TODAY)
    with pytest.raises(ValidationFailed):
        actions.skip(revisit.id, 2, "   ", TODAY)
    actions.reschedule(revisit.id, 2, TODAY - timedelta(days=3))  # overdue again
    actions.skip(revisit.id, 3, "customer on holiday", TODAY)
    skipped = m.Revisit.get_by_id(revisit.id)
    # Skipping an overdue revisit files it on the day it was skipped; the rule goes on from there.
    assert (skipped.status, skipped.skip_reason, skipped.due_on) == (
        "skipped", "customer on holiday", TODAY)
    [next_review] = planned(acme)
    assert next_review.due_on == TODAY + timedelta(days=7)


# --- aggregates for the month grid, agendas, Today ---------------------------------------------


def test_grid_range_is_whole_weeks():
    assert agenda.grid_range(2026, 11) == (date(2026, 10, 26), date(2026, 12, 6))
    assert agenda.grid_range(2027, 2) == (date(2027, 2, 1), date(2027, 2, 28))  # exactly 4 weeks


def test_month_aggregates(db, calendar_service):
    acme = account()
    other = account("Other")
    for day, kind, status in ((TODAY, "visit", "planned"), (TODAY, "visit", "planned"),
                              (TODAY, "phone", "planned"), (TODAY - timedelta(days=3), "phone",
                                                            "planned"),
                              (TODAY - timedelta(days=3), "visit", "done"),
                              (date(2026, 12, 31), "visit", "planned")):
        m.Revisit.create(account=acme, due_on=day, kind=kind, status=status)
    m.Revisit.create(account=other, due_on=TODAY, deleted_at=m.utcnow())
    contact(acme, "Leap", birthday="1980-02-29")
    contact(acme, "Nov", birthday="1970-11-30")
    view = calendar_service.month(2026, 11)
    assert view.counts[TODAY] == {"visit": 2, "phone": 1}
    assert view.counts[TODAY - timedelta(days=3)] == {"phone": 1}
    assert view.done[TODAY - timedelta(days=3)] == 1
    assert view.overdue_days == {TODAY - timedelta(days=3)}
    assert view.overdue == 1
    assert view.planned == 4
    assert view.birthdays == {date(2026, 11, 30): 1}
    february = calendar_service.month(2027, 2, "zh")
    assert february.birthdays == {date(2027, 2, 28): 1}  # 29 Feb in a common year
    assert february.holidays[date(2027, 2, 6)] == "春节"


def test_today_list_agenda_and_decline_inputs(db, calendar_service):
    acme = account("Acme", abc_class="A")
    late = m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=2))
    m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=9), status="done")
    today = m.Revisit.create(account=acme, due_on=TODAY, status="done")
    soon = m.Revisit.create(account=acme, due_on=TODAY + timedelta(days=7))
    m.Revisit.create(account=acme, due_on=TODAY + timedelta(days=8))
    count, overdue, rows = calendar_service.today_list()
    assert (count, overdue) == (3, 1)
    assert [row.id for row in rows] == [late.id, today.id, soon.id]
    assert calendar_service.agenda(TODAY - timedelta(days=9), TODAY)[0] == 3
    assert [r.id for r in agenda.agenda_page(TODAY, TODAY + timedelta(days=30), 1, 1)] == [soon.id]
    for day in ("2026-01-10", "2026-03-10", "2026-05-10"):
        m.Purchase.create(account=acme, purchased_on=day)
    activity(acme, TODAY - timedelta(days=40), "phone")
    warnings = calendar_service.warnings([acme])[acme]
    assert [(w.code, w.days, w.limit) for w in warnings] == [("no_purchase", 197, 60),
                                                             ("no_contact", 40, 30)]


def test_export_writes_a_private_ics_that_icalendar_reads(db, calendar_service, tmp_path):
    acme = account("华通物流, [bold]集团[/]", short_name="华通物流")
    li = contact(acme, "周建国")
    m.Revisit.create(account=acme, contact=li, due_on=TODAY - timedelta(days=2), kind="visit",
                     rule="after_delivery", note="bring; the, quote")
    m.Revisit.create(account=acme, due_on=TODAY + timedelta(days=10), kind="phone",
                     rule="holiday", rule_key="holiday/new_year/2027-01-01/2026-12-25")
    m.Revisit.create(account=acme, due_on=TODAY + timedelta(days=100), kind="phone")
    m.Revisit.create(account=acme, due_on=TODAY, status="done")
    path = tmp_path / "out" / "kam.ics"
    assert calendar_service.export_ics(path, "en") == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    events = sorted(parsed.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [e.decoded("DTSTART") for e in events] == [TODAY, TODAY + timedelta(days=10)]
    assert str(events[0]["SUMMARY"]) == "Visit: 华通物流 · 周建国"
    assert "bring; the, quote" in str(events[0]["DESCRIPTION"])
    assert "Was due 2026-11-21" in str(events[0]["DESCRIPTION"])
    assert "Holiday visit · New Year's Day" in str(events[1]["DESCRIPTION"])
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == 2 and all(uid.endswith("@kam-tui") for uid in uids)


def test_open_on_today_setting(db, calendar_service):
    assert calendar_service.open_on_today() is False
    calendar_service.set_open_on_today(True)
    assert calendar_service.open_on_today() is True
    assert CalendarService(db, lambda: TODAY).open_on_today() is True
    # Where kam opens is the person's choice: their config file, not the shared database.
    assert config.load().open_on_today is True
    assert "open_on_today = true" in paths.config_path().read_text(encoding="utf-8")
    assert not m.Setting.select().where(m.Setting.key == "calendar.open_on_today").exists()
    calendar_service.set_open_on_today(False)
    assert calendar_service.open_on_today() is False


# --- card reviews and acting on several revisits at once ---------------------------------------


def _issue_account() -> tuple[int, m.Revisit, m.Revisit]:
    """The issue's account: no contact for 81 days, a card review and an after-delivery revisit
    (24 days late) open, both planned from a clock before that last call."""
    acme = account("Acme", abc_class="B")
    activity(acme, TODAY - timedelta(days=81), "phone")
    review = m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=74), kind="phone",
                              rule="card_review", rule_key="card_review//2026-09-03/2026-09-10")
    after = m.Revisit.create(account=acme, due_on=TODAY - timedelta(days=24), kind="visit",
                             rule="after_delivery",
                             rule_key="after_delivery//2026-09-03/2026-10-30")
    return acme, review, after


def test_a_card_review_done_logs_no_contact_and_closes_nothing_else(db, calendar_service):
    acme, review, after = _issue_account()
    before = calendar_service.warnings([acme])[acme]
    assert [(w.code, w.days) for w in before] == [("no_contact", 81)]
    batch = calendar_service.review_many({review.id: review.version})
    assert batch.count == 1
    assert m.Activity.select().count() == 1  # only the call of 81 days ago
    done = m.Revisit.get_by_id(review.id)
    assert (done.status, done.activity_id, done.due_on, done.version) == ("done", None, TODAY, 2)
    assert m.Revisit.get_by_id(after.id).status == "planned"  # no side effect
    assert calendar_service.warnings([acme])[acme] == before  # the contact clock stands
    # The next review counts from today (B weekly), not from the day it was due.
    [next_review] = [r for r in planned(acme) if r.rule == "card_review"]
    assert next_review.due_on == TODAY + timedelta(days=7)
    assert batch.made == ((next_review.id, next_review.version),)


def test_review_many_refuses_a_revisit_with_the_customer(db, calendar_service):
    _acme, review, after = _issue_account()
    with pytest.raises(ValueError):
        calendar_service.review_many({review.id: 1, after.id: 1})
    assert {r.status for r in m.Revisit.select()} == {"planned"}  # all or nothing


def test_undo_takes_a_batch_back_whole(db, calendar_service):
    acme, review, after = _issue_account()
    batch = calendar_service.review_many({review.id: 1})
    assert calendar_service.undo(batch) == 1
    back = m.Revisit.get_by_id(review.id)
    assert (back.status, back.due_on, back.version) == ("planned", TODAY - timedelta(days=74), 3)
    assert [r.id for r in planned(acme)] == [review.id, after.id]  # the next review is gone
    # Done again, the rules plan the next review again (its key was not left behind).
    calendar_service.review_many({review.id: 3})
    assert [r.due_on for r in planned(acme) if r.rule == "card_review"] == [
        TODAY + timedelta(days=7)]


def test_skip_and_reschedule_several_in_one_transaction(db, calendar_service):
    acme, review, after = _issue_account()
    other = m.Revisit.create(account=account("Other"), due_on=TODAY - timedelta(days=3))
    marks = {review.id: 1, after.id: 1, other.id: 1}
    with pytest.raises(ValidationFailed):
        calendar_service.skip_many(marks, "  ")
    with pytest.raises(actions.RevisitChanged):  # one changed elsewhere: nothing is saved
        calendar_service.reschedule_many({**marks, other.id: 5}, TODAY + timedelta(days=2))
    assert {r.due_on for r in m.Revisit.select().where(m.Revisit.id.in_(list(marks)))} == {
        TODAY - timedelta(days=74), TODAY - timedelta(days=24), TODAY - timedelta(days=3)}
    moved = calendar_service.reschedule_many(marks, TODAY + timedelta(days=2))
    assert moved.count == 3 and moved.made == ()
    assert {m.Revisit.get_by_id(i).due_on for i in marks} == {TODAY + timedelta(days=2)}
    skipped = calendar_service.skip_many({i: 2 for i in marks}, "trade fair week")
    rows = [m.Revisit.get_by_id(i) for i in marks]
    assert {(r.status, r.skip_reason, r.due_on) for r in rows} == {
        ("skipped", "trade fair week", TODAY + timedelta(days=2))}
    assert calendar_service.undo(skipped) == 3
    assert {m.Revisit.get_by_id(i).status for i in marks} == {"planned"}
    assert m.Activity.select().count() == 1


def test_open_card_reviews_side_by_side_collapse_to_the_latest_as_the_rules_say(db):
    acme = account("Acme", abc_class="A")
    other = account("Other", abc_class="A")
    dues = (TODAY - timedelta(days=238), TODAY - timedelta(days=3), TODAY - timedelta(days=100),
            TODAY - timedelta(days=3))
    made = [m.Revisit.create(account=acme, due_on=due, kind="phone", rule="card_review",
                             rule_key=f"card_review//import/{n}") for n, due in enumerate(dues)]
    lone = m.Revisit.create(account=other, due_on=TODAY - timedelta(days=238), kind="phone",
                            rule="card_review", rule_key="card_review//import/x")
    facts = _facts(acme, TODAY)
    expected = {r.rule_key for r in c.collapsed(
        replace(r, id=row.id) for r, row in zip(facts.revisits, made))}
    result = generation.generate(TODAY)
    assert result.superseded == 3
    closed = {r.rule_key for r in m.Revisit.select().where(m.Revisit.status == "skipped")}
    assert closed == expected == {f"card_review//import/{n}" for n in (0, 1, 2)}
    assert [r.id for r in planned(acme) if r.rule == "card_review"] == [made[3].id]
    assert [r.id for r in planned(other) if r.rule == "card_review"] == [lone.id]
    today_rows = agenda.today_page(TODAY, 0, 100)
    assert sum(1 for r in today_rows if r.rule == "card_review") == 2  # one per account

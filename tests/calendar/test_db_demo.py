"""The demo database plans its revisits on either engine, as the calendar would."""

from __future__ import annotations

import pytest

from kam_tui.areas.calendar.queries import generation
from kam_tui.areas.calendar.rules import cadence as c
from kam_tui.areas.calendar.service import CalendarService
from kam_tui.core.db import models as m
from kam_tui.sample.demo import generate_demo
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines


def test_the_demo_plans_every_rule_on_working_days_once(db):
    generate_demo(db, TODAY)
    planned = list(m.Revisit.select().where(m.Revisit.rule.in_(c.GENERATED_RULES)))
    assert {revisit.rule for revisit in planned} >= {"card_review", "contact_plan", "birthday"}
    work = generation.calendar_for(TODAY)
    coming = [r for r in planned if r.status == "planned" and r.due_on > TODAY]
    assert coming and all(work.is_working(r.due_on) for r in coming)
    # Every generated key names the date its rule planned, as YYYY-MM-DD on both engines.
    assert all(r.rule_key.rsplit("/", 1)[1] <= r.due_on.isoformat() or r.rule == "birthday"
               for r in coming)
    again = generation.generate(TODAY)
    assert (again.created, again.superseded) == (0, 0)


def test_the_demo_month_and_today_list_load(db):
    generate_demo(db, TODAY)
    service = CalendarService(db, lambda: TODAY)
    view = service.month(TODAY.year, TODAY.month)
    assert view.planned > 0 and view.overdue > 0 and view.invalid == 0
    size, overdue, rows = service.today_list()
    assert size == len(rows) or len(rows) == 100
    assert overdue == view.overdue and rows[0].due_on < TODAY
    assert service.warnings([row.account_id for row in rows]) is not None

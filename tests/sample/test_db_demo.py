"""The demo database: enough current data for every screen, and the trade's §3 example."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kam_tui.core.db import models as m
from kam_tui.core.domain.search import search_text
from kam_tui.sample.demo import generate_demo
from tests.helpers import TODAY


@pytest.fixture
def demo(db):
    return generate_demo(db, TODAY)


def test_about_forty_accounts_in_both_languages(demo):
    names = [a.name for a in m.Account.select()]
    assert 35 <= len(names) <= 45
    assert any(name.isascii() for name in names)
    assert sum(not name.isascii() for name in names) >= 20
    assert "吴伟科技有限公司" in names


def test_open_opportunities_in_every_stage_and_closed_ones(demo):
    stages = {o.stage for o in m.Opportunity.select().where(m.Opportunity.status == "open")}
    assert stages == {1, 2, 3, 4, 5, 6}
    statuses = {o.status for o in m.Opportunity.select()}
    assert statuses == {"open", "won", "lost"}
    for opp in m.Opportunity.select():
        history = [c.to_stage for c in opp.stage_changes.order_by(m.StageChange.changed_at)]
        assert history[0] == 1 and opp.stage in history


def test_revisits_are_overdue_due_today_and_upcoming(demo):
    due = [r.due_on for r in m.Revisit.select().where(m.Revisit.status == "planned")]
    assert any(day < TODAY for day in due)
    assert any(day == TODAY for day in due)
    assert any(TODAY < day <= TODAY + timedelta(days=14) for day in due)


def test_recent_activities_and_purchases(demo):
    assert m.Activity.select().where(m.Activity.occurred_on >= TODAY - timedelta(days=7)).count()
    assert m.Purchase.select().count() >= 40


def test_the_trade_example_of_domain_section_3(demo):
    account = m.Account.get(m.Account.name == "华通物流集团有限公司")
    deal = (m.Opportunity.select()
            .where((m.Opportunity.account == account) & (m.Opportunity.status == "open")).get())
    roles = {r.contact.title: (r.role, r.stance, r.weight) for r in deal.deal_roles}
    assert roles["技术总监"] == ("technical_gatekeeper", "neutral", 30)
    assert roles["采购部长"] == ("purchaser", "neutral", 40)
    assert roles["车队队长"] == ("user", "supporter", 20)
    assert roles["总经理"] == ("decision_maker", "opponent", 10)
    assert roles["财务经理"][1:] == ("unknown", 0)
    assert all(role != "coach" for role, _, _ in roles.values())
    assert sum(w for _, stance, w in roles.values() if stance == "supporter") == 20


def test_search_text_matches_what_the_app_computes(demo):
    from kam_tui.areas.customers.kinds import refresh_search_text

    for account in m.Account.select():
        contacts = [c.name for c in account.contacts]
        handles = [way for c in account.contacts for way in (c.phone, c.mobile, c.email, c.wechat)]
        assert account.search_text == search_text(account.name, account.short_name,
                                                  account.phone, contacts, handles)
        refresh_search_text(account.id)  # what saving the account in the app would store
        assert m.Account.get_by_id(account.id).search_text == account.search_text


def test_same_seed_same_data(db, tmp_path):
    from kam_tui.core.db.database import open_database

    generate_demo(db, TODAY)
    first = [(a.name, a.phone, a.abc_class) for a in m.Account.select().order_by(m.Account.id)]
    other = open_database(tmp_path / "other.db")
    generate_demo(other, TODAY)
    second = [(a.name, a.phone, a.abc_class) for a in m.Account.select().order_by(m.Account.id)]
    other.close()
    assert first == second

"""The demo database: enough current data for every screen, and the trade's §3 example."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kam_tui.areas.customers.service import AccountQuery, AccountService
from kam_tui.core.db import models as m
from kam_tui.sample.demo import generate_demo
from tests.helpers import TODAY

# Every fifth account from the third on is a potential customer (demo.py), so has bought nothing.
POTENTIAL = {"顺达快运", "成都环卫", "粤运协会", "嘉和商贸", "益通混凝土", "东方石化", "Blue River",
             "Atlas Parts"}


@pytest.fixture
def demo(db):
    return generate_demo(db, TODAY)


def test_forty_accounts_thirty_in_chinese_and_ten_in_english(demo):
    names = [a.name for a in m.Account.select()]
    assert demo["account"] == len(names) == 40
    assert sorted(name for name in names if name.isascii()) == [
        "Atlas Auto Parts Distribution", "Blue River Construction", "Evergreen Agri Transport",
        "Greenway Waste Services", "Harbour City Council", "Metro Bus Company",
        "Northstar Logistics", "Orient Cold Chain Co.", "Pacific Freight Lines Ltd",
        "Summit Mining Group"]
    assert {"华通物流集团有限公司", "吴伟科技有限公司", "宇通市政工程有限公司"} <= set(names)


def test_open_opportunities_in_every_stage_and_closed_ones(demo):
    stages = {o.stage for o in m.Opportunity.select().where(m.Opportunity.status == "open")}
    assert stages == {1, 2, 3, 4, 5, 6}
    statuses = {o.status for o in m.Opportunity.select()}
    assert statuses == {"open", "won", "lost"}
    for opp in m.Opportunity.select():
        history = [c.to_stage for c in opp.stage_changes.order_by(m.StageChange.changed_at)]
        assert history[0] == 1 and opp.stage in history


def planned_by_hand(short_name: str) -> tuple[str, date]:
    """Return the rule and day of the one revisit the demo planned for an account itself."""
    revisit = (m.Revisit.select().join(m.Account)
               .where((m.Account.short_name == short_name) & (m.Revisit.status == "planned")
                      & m.Revisit.rule.in_(("manual", "next_step"))).get())
    return revisit.rule, revisit.due_on


def test_revisits_are_overdue_due_today_and_upcoming(demo):
    # The demo's own revisit of its first accounts: 5 days overdue, due today, in 3 days.
    assert planned_by_hand("华通物流") == ("manual", TODAY - timedelta(days=5))
    assert planned_by_hand("吴伟科技") == ("next_step", TODAY)
    assert planned_by_hand("顺达快运") == ("manual", TODAY + timedelta(days=3))
    # One revisit done a month ago, for every third account, is no longer planned.
    done = (m.Revisit.select().join(m.Account)
            .where((m.Account.short_name == "华通物流") & (m.Revisit.status == "done")).get())
    assert done.due_on == TODAY - timedelta(days=30) and done.activity_id is not None


def test_recent_activities_and_purchases(demo):
    recent = [(a.account.short_name, a.summary, a.occurred_on) for a in
              m.Activity.select().where(m.Activity.occurred_on >= TODAY - timedelta(days=7))]
    # The trade example's meeting of a week ago, and what the seeded demo (seed 7) adds to it.
    assert ("华通物流", "技术交流与报价说明", TODAY - timedelta(days=7)) in recent
    assert len(recent) == 13
    buyers = {p.account.short_name for p in m.Purchase.select()}
    everyone = {a.short_name for a in m.Account.select()}
    assert buyers == everyone - POTENTIAL and len(buyers) == 32
    assert demo["purchase"] == m.Purchase.select().count() == 132


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


def test_search_text_holds_names_their_pinyin_and_numbers(demo):
    huatong = m.Account.get(m.Account.name == "华通物流集团有限公司")
    # Written by hand: each name, then its pinyin, syllables and initials; the people in order.
    assert huatong.search_text.startswith(
        "华通物流集团有限公司 | huatongwuliujituanyouxiangongsi "
        "hua tong wu liu ji tuan you xian gong si htwljtyxgs"
        " | 华通物流 | huatongwuliu hua tong wu liu htwl"
        " | 郑文斌 | zhengwenbin zheng wen bin zwb | 周建国 | zhoujianguo zhou jian guo zjg"
        " | 钱志刚 | qianzhigang qian zhi gang qzg | 孙海涛 | sunhaitao sun hai tao sht"
        " | 冯晓燕 | fengxiaoyan feng xiao yan fxy | ")
    # Its phone as written and as digits (the demo's phones are seeded, not written here).
    assert f" | {huatong.phone} | {huatong.phone.replace('-', '')} | " in huatong.search_text
    blue = m.Account.get(m.Account.name == "Blue River Construction")
    assert blue.search_text.startswith(
        "blue river construction | blue river | james wong | mary lee | peter zhang | ")
    assert "james@example.com" in blue.search_text


@pytest.mark.parametrize(("typed", "found"), [
    ("htwl", ["华通物流集团有限公司"]),  # the short name's initials
    ("zjg", ["华通物流集团有限公司"]),  # 周建国, a person there
    ("lengzang", ["海鹏渔业冷藏运输有限公司"]),  # 冷藏 as the rep reads it
    ("lengcang", ["海鹏渔业冷藏运输有限公司"]),  # and as the library does
    ("chongxing", ["鼎力重型机械租赁有限公司"]),  # 重 read as in a name
    ("wwkj", ["吴伟科技有限公司"]),
])
def test_the_demo_is_found_by_what_a_rep_types(demo, db, typed, found):
    rows = AccountService(db, lambda: TODAY).page(AccountQuery(search=typed), 0, 50)
    assert [row.name for row in rows] == found


def test_hobbies_and_notes_are_in_the_demo_but_never_searched(demo, db):
    accounts = AccountService(db, lambda: TODAY)
    # Private (a person's hobbies) or not a name (the notes): in the data, not in the haystack.
    assert m.Contact.select().where(m.Contact.hobbies == "golf").exists()
    assert m.Contact.select().where(m.Contact.hobbies == "钓鱼").exists()
    assert m.Account.select().where(m.Account.notes == "重视售后服务响应速度。").exists()
    for typed in ("golf", "钓鱼", "重视售后"):
        assert accounts.page(AccountQuery(search=typed), 0, 50) == [], typed


def test_saving_an_account_in_the_app_keeps_the_demos_search_text(demo):
    from kam_tui.areas.customers.kinds import refresh_search_text

    for account in m.Account.select():
        refresh_search_text(account.id)  # what saving the account in the app stores
        assert m.Account.get_by_id(account.id).search_text == account.search_text, account.name


def test_a_batch_rebuild_of_the_search_text_keeps_the_demos_search_text(demo):
    from kam_tui.core.db.search_index import refresh_search_texts

    before = {account.id: account.search_text for account in m.Account.select()}
    m.Account.update(search_text="").execute()
    refresh_search_texts(before)  # what a sync stores for a page of new accounts
    assert {account.id: account.search_text for account in m.Account.select()} == before


def test_same_seed_same_data(db, tmp_path):
    from kam_tui.core.db.database import open_database

    generate_demo(db, TODAY)
    first = [(a.name, a.phone, a.abc_class) for a in m.Account.select().order_by(m.Account.id)]
    other = open_database(tmp_path / "other.db")
    generate_demo(other, TODAY)
    second = [(a.name, a.phone, a.abc_class) for a in m.Account.select().order_by(m.Account.id)]
    other.close()
    assert first == second

"""Pilot tests of the relationship map: picking, keyboard entry, mouse, navigation, privacy."""

from __future__ import annotations

import pytest
from rich.console import Console

from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.areas.relationships.service import RelationshipService
from kam_tui.areas.relationships.ui.coverage_panel import CoveragePanel
from kam_tui.areas.relationships.ui.decision_map import DecisionMap
from kam_tui.areas.relationships.ui.dialogs.pick_dialog import RelationshipPickDialog
from kam_tui.areas.relationships.ui.dialogs.weight_dialog import (
    RelationshipWeightDialog,
)
from kam_tui.areas.relationships.ui.map_screen import RelationshipScreen
from kam_tui.areas.relationships.ui.org_chart import OrgChart
from kam_tui.areas.relationships.ui.person_screen import PersonScreen
from kam_tui.areas.relationships.ui.relation_net import RelationNet
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save
from kam_tui.core.service import RecordService
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.help_screen import HelpScreen
from kam_tui.ui.kit.confirm_dialog import ConfirmDialog
from kam_tui.ui.kit.line_list import LineList
from tests.helpers import BASE, TODAY, handled, settled, table, wait_for

SECRET = "secret-golf-club"


@pytest.fixture
def trade(db) -> dict[str, int]:
    """DOMAIN.md §3 at an account of its own, plus a person outside the deal."""
    rep = m.Staff.create(name="李明", role="rep").id
    account = save("account", {**BASE, "name": "Acme Freight 华通"}, today=TODAY)
    ids = {"account": account, "rep": rep}
    ids["gm"] = save("contact", {"name": "郑文斌", "title": "总经理", "is_main": True,
                                 "relationship_owner_id": rep, "hobbies": SECRET,
                                 "birthday": "1966-06-06"}, today=TODAY, parent_id=account)
    for key, name, title in (("tech", "周建国", "技术总监"), ("buyer", "钱志刚", "采购部长"),
                             ("user", "孙海涛", "车队队长"), ("finance", "冯晓燕", "财务经理"),
                             ("dispatch", "谢军", "调度主管")):
        ids[key] = save("contact", {"name": name, "title": title, "reports_to_id": ids["gm"]},
                        today=TODAY, parent_id=account)
    ids["deal"] = save("opportunity", {"title": "60 tractors", "quantity": 60, "amount": 25_200_000},
                       today=TODAY, parent_id=account)
    m.Opportunity.update(stage=4).where(m.Opportunity.id == ids["deal"]).execute()
    for key, role, influence, stance, weight in (
            ("tech", "technical_gatekeeper", "high", "neutral", 30),
            ("buyer", "purchaser", "high", "neutral", 40),
            ("user", "user", "medium", "supporter", 20),
            ("gm", "decision_maker", "high", "opponent", 10),
            ("finance", "", "medium", "unknown", 0)):
        save("deal_role", {"contact_id": ids[key], "role": role, "influence": influence,
                           "stance": stance, "weight": weight, "meetings": 2},
             today=TODAY, parent_id=ids["deal"])
        activity = m.Activity.create(account=account, occurred_on=TODAY, summary="visit")
        m.ActivityPerson.create(activity=activity, contact=ids[key])
    save("relation", {"kind": "classmate", "other_contact_id": ids["user"]}, today=TODAY,
         parent_id=ids["tech"])
    return ids


def make_app(db) -> KamApp:
    return KamApp(db, lang="en", today=TODAY)


def screen(app: KamApp) -> RelationshipScreen:
    base = app.screen_stack[0]
    assert isinstance(base, RelationshipScreen)
    return base


def loaded(app: KamApp) -> bool:
    return (isinstance(app.screen_stack[0], RelationshipScreen)
            and app.screen_stack[0].map is not None)


def chart(app: KamApp) -> OrgChart:
    return screen(app).query_one(OrgChart)


def text_of(renderable) -> str:
    console = Console(width=140, record=True)
    console.print(renderable)
    return console.export_text()


def lines(widget: LineList, width: int = 118) -> str:
    header = widget.header(width)
    rows = [widget.line(i, width).plain for i in range(len(widget.keys))
            if widget.keys[i] is not None or not isinstance(widget, OrgChart)]
    return "\n".join(([header.plain] if header else []) + rows)


def role_of(trade, key: str) -> m.DealRole:
    return m.DealRole.get((m.DealRole.contact == trade[key])
                          & (m.DealRole.opportunity == trade["deal"]))


async def open_map(pilot, app: KamApp, search: str = "acme") -> None:
    await pilot.press("3")
    await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
    await pilot.press(*search)
    await wait_for(pilot, lambda: app.screen.shown_search == search)  # its matches are listed
    await pilot.press("enter")
    await wait_for(pilot, lambda: loaded(app))


async def go_to(pilot, app: KamApp, contact_id: int) -> None:
    chart(app).select(contact_id)
    await pilot.pause()


@pytest.mark.both_engines
async def test_key_3_asks_for_an_account_then_shows_the_trade_example(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await open_map(pilot, app)
        head = str(screen(app).query_one("#rel-head").render())
        assert "Acme Freight" in head and "60 tractors" in head
        assert "win rate 30%" in head and "support-adjusted 17%" in head
        body = text_of(screen(app).query_one(CoveragePanel).render())
        assert "+ Support  20%" in body.replace("   ", "  ")
        assert "Decision maker against us: 郑文斌" in body
        assert "No coach named" in body
        # Every person is in the chart, the GM at the top, and stance reads without colour.
        text = lines(chart(app))
        assert text.splitlines()[1].lstrip("▾ ").startswith("- 郑文斌 ★")
        assert "= 周建国" in text and "+ 孙海涛" in text and "? 冯晓燕" in text
        assert "not in deal" in text  # 谢军 is in the account but not in this deal
        assert chart(app).cursor_key == trade["gm"]
        # Next time the map opens where it was left.
        assert RelationshipService(db, lambda: TODAY).last_viewed() == (trade["account"],
                                                                        trade["deal"])


@pytest.mark.both_engines
async def test_last_viewed_account_opens_without_asking(db, trade):
    RelationshipService(db, lambda: TODAY).remember(trade["account"], trade["deal"])
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: loaded(app))
        assert not isinstance(app.screen, AccountPickDialog)
        assert screen(app).account_id == trade["account"]


@pytest.mark.both_engines
async def test_single_keys_cycle_stance_and_influence_on_the_focused_person(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["tech"])
        await pilot.press("s")
        await wait_for(pilot, lambda: role_of(trade, "tech").stance == "opponent")
        await wait_for(pilot, lambda: "- 周建国" in lines(chart(app)))
        await pilot.press("s", "s")  # → unknown → supporter
        await wait_for(pilot, lambda: role_of(trade, "tech").stance == "supporter")
        await pilot.press("i")
        await wait_for(pilot, lambda: role_of(trade, "tech").influence == "medium")
        # The gatekeeper now supports us: that warning goes; 30 × (1 + .5 − .1) × .5 = 21%.
        await wait_for(pilot, lambda: "support-adjusted 21%" in str(
            screen(app).query_one("#rel-head").render()))
        codes = [w.code for w in screen(app).map.coverage.warnings]
        assert "gatekeeper_not_supporter" not in codes
        # Someone outside the deal joins its buying group only when the rep says so (#15.17).
        await go_to(pilot, app, trade["dispatch"])
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = str(app.screen.query_one("#confirm-message").render())
        assert "not in this deal's buying group" in question and "Supporter" in question
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen))
        await settled(pilot)
        assert screen(app).map.coverage.people == 5
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "influence High" in str(app.screen.query_one("#confirm-message").render())
        await pilot.press("y")
        await wait_for(pilot, lambda: screen(app).map.coverage.people == 6)
        assert role_of(trade, "dispatch").influence == "high"


async def test_a_read_overtaken_by_an_edit_never_repaints_the_old_map(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        before = screen(app).map
        assert "no_coach" in [w.code for w in before.coverage.warnings]
        await go_to(pilot, app, trade["finance"])
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipPickDialog))
        await pilot.press("home", "down", "down", "down", "enter")  # → coach
        await wait_for(pilot, lambda: "no_coach" not in [
            w.code for w in screen(app).map.coverage.warnings])
        # A worker that read before the edit finishes last (threads cannot be cancelled).
        screen(app).post_message(RelationshipScreen.MapLoaded(trade["account"], before, 1))
        await handled(pilot, screen(app))  # the late answer reached the screen, which kept its map
        assert "no_coach" not in [w.code for w in screen(app).map.coverage.warnings]
        assert screen(app).map is not before


@pytest.mark.both_engines
async def test_role_and_weight_are_set_from_short_pickers(db, trade, monkeypatch):
    app = make_app(db)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["finance"])
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipPickDialog))
        # The list starts on the current choice, "(no role)", the last one.
        await pilot.press("home", "down", "down", "down", "enter")  # → coach
        await wait_for(pilot, lambda: role_of(trade, "finance").role == "coach")
        await wait_for(pilot, lambda: "no_coach" not in [
            w.code for w in screen(app).map.coverage.warnings])
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipWeightDialog))
        note = app.screen.query_one("#rel-weight-note")
        dialog = app.screen
        await pilot.press(*"abc")  # typed after the selected 0 is replaced
        await wait_for(pilot, lambda: "whole number" in str(note.render()))
        await pilot.press("enter")  # refused: the dialog stays
        # Keys after it, taken in order: once they show, the enter was handled (and refused).
        await pilot.press(*["backspace"] * 3, *"15")
        await wait_for(pilot, lambda: "115%" in str(note.render()))
        assert app.screen is dialog and "✗" in str(note.render())
        await pilot.press("enter")  # over 100% (DOMAIN §3): refused with a bell, the dialog stays
        await wait_for(pilot, lambda: bells == [1])
        await settled(pilot)
        assert app.screen is dialog
        assert role_of(trade, "finance").weight == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, RelationshipWeightDialog))


def test_the_record_engine_refuses_weights_over_100_and_allows_lowering(db, trade):
    from kam_tui.core.service import ValidationFailed

    service = RecordService(db, lambda: TODAY)
    finance = role_of(trade, "finance")
    values, version = service.load("deal_role", finance.id)
    with pytest.raises(ValidationFailed) as refused:
        service.save("deal_role", {**values, "weight": 15}, record_id=finance.id,
                     expected_version=version, opened_values=values)
    assert set(refused.value.errors) == {"weight"}
    m.DealRole.update(weight=60).where(m.DealRole.id == role_of(trade, "buyer").id).execute()
    buyer = role_of(trade, "buyer")  # older data: 120% in all; lowering it is fine
    values, version = service.load("deal_role", buyer.id)
    service.save("deal_role", {**values, "weight": 50}, record_id=buyer.id,
                 expected_version=version, opened_values=values)
    assert role_of(trade, "buyer").weight == 50


@pytest.mark.both_engines
async def test_reports_to_is_picked_from_a_list_of_people_not_below(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["tech"])
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipPickDialog))
        labels = [str(option.prompt) for option in app.screen.query_one("#rel-pick-list")
                  .options]
        assert labels[0].startswith("(nobody")
        assert not any(label.startswith("周建国") for label in labels)  # not themselves
        index = next(i for i, label in enumerate(labels) if label.startswith("钱志刚"))
        app.screen.query_one("#rel-pick-list").highlighted = index
        await pilot.press("enter")
        await wait_for(pilot, lambda: m.Contact.get_by_id(trade["tech"]).reports_to_id
                       == trade["buyer"])
        await wait_for(pilot, lambda: "  └── = 周建国" in lines(chart(app)))
        assert chart(app).cursor_key == trade["tech"]  # still on the person just moved
        await pilot.press("left")  # left goes up to the boss
        assert chart(app).cursor_key == trade["buyer"]
        await pilot.press("left")  # and on the boss folds the branch
        assert trade["tech"] not in chart(app).keys
        await pilot.press("right")
        assert trade["tech"] in chart(app).keys


async def test_click_selects_and_enter_opens_the_persons_own_file(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        row = chart(app).keys.index(trade["buyer"])
        await pilot.click(OrgChart, offset=(10, row + 1))  # +1: the header line
        await wait_for(pilot, lambda: screen(app).contact_id == trade["buyer"])
        assert "钱志刚" in screen(app).query_one("#rel-person").text.plain
        await go_to(pilot, app, trade["gm"])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen)
                       and app.screen.person is not None)
        body = text_of(app.screen.query_one("#person-body").content)
        assert "郑文斌" in body and "Decision maker" in body and "李明" in body
        assert SECRET not in body and "1966" not in body  # hidden until asked for
        await pilot.press("p")
        body = text_of(app.screen.query_one("#person-body").content)
        assert SECRET in body and "1966-06-06" in body
        await pilot.press("escape")
        assert isinstance(app.screen, RelationshipScreen)


async def test_private_fields_never_reach_the_map(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["gm"])
        base = screen(app)
        shown = [lines(base.query_one(OrgChart)), lines(base.query_one(DecisionMap)),
                 lines(base.query_one(RelationNet)),
                 base.query_one("#rel-person").text.plain,
                 text_of(base.query_one(CoveragePanel).render()),
                 str(base.query_one("#rel-head").render())]
        for text in shown:
            assert SECRET not in text and "1966" not in text


async def test_new_person_starts_under_the_focused_one(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["tech"])
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        assert app.screen.field("reports_to_id").raw() == trade["tech"]
        await pilot.press(*"Ada Engineer")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen))
        new = m.Contact.get(m.Contact.name == "Ada Engineer")
        assert new.reports_to_id == trade["tech"] and new.account_id == trade["account"]
        await wait_for(pilot, lambda: chart(app).cursor_key == new.id)


async def test_logging_a_contact_links_the_person(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["dispatch"])
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        assert app.screen.kind == "activity"
        app.screen.field("summary").set_value("Called about the schedule")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: m.ActivityPerson.select().where(
            m.ActivityPerson.contact == trade["dispatch"]).exists())
        activity = m.Activity.get(m.Activity.summary == "Called about the schedule")
        assert activity.opportunity_id == trade["deal"]
        await wait_for(pilot, lambda: next(
            p for p in screen(app).map.data.people if p.id == trade["dispatch"]
        ).last_contact == TODAY)


async def test_relation_is_added_and_the_net_is_browsed_from_a_person(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["buyer"])
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        form = app.screen
        form.field("kind").set_value("former_colleague")
        form.field("staff_id").set_value(trade["rep"])
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipScreen))
        await wait_for(pilot, lambda: len(screen(app).map.data.relations) == 2)
        assert "李明 (our side) Former colleague" in screen(app).query_one("#rel-person").text.plain
        # The net opens on the focused person's ties; enter follows one to the other end.
        await go_to(pilot, app, trade["tech"])
        await pilot.press("v", "v")
        net = screen(app).query_one(RelationNet)
        assert app.focused is net
        assert net.person_at(net.cursor_key) == trade["tech"]
        assert "↔ 孙海涛 · Classmate" in lines(net)
        await pilot.press("enter")
        await wait_for(pilot, lambda: net.person_at(net.cursor_key) == trade["user"])
        assert screen(app).contact_id == trade["user"]
        await pilot.press("v")  # back to the chart, on the person reached through the net
        assert chart(app).cursor_key == trade["user"]


async def test_the_net_lists_everyone_with_who_on_our_side_holds_them(db, trade):
    """#15.17: people without ties are listed too, and each heading says who holds them."""
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await pilot.press("v", "v")
        net = screen(app).query_one(RelationNet)
        await wait_for(pilot, lambda: app.focused is net)
        shown = lines(net)
        assert "郑文斌 · 总经理 · held by 李明" in shown
        assert "谢军 · 调度主管 · no one on our side" in shown
        assert shown.count("no ties recorded yet") == 4  # all but the two classmates
        await pilot.press("home")
        for _ in range(len(net.keys)):  # down to 谢军, who has no ties at all
            if net.person_at(net.cursor_key) == trade["dispatch"]:
                break
            await pilot.press("down")
        await wait_for(pilot, lambda: screen(app).contact_id == trade["dispatch"])
        await pilot.press("enter")  # nowhere to follow: the cursor stays, nothing breaks
        await settled(pilot)
        assert net.person_at(net.cursor_key) == trade["dispatch"]
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: screen(app).contact_id != trade["dispatch"])


async def test_decision_map_groups_people_by_role_and_stance(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await pilot.press("v")
        decision = screen(app).query_one(DecisionMap)
        assert app.focused is decision
        text = lines(decision)
        assert "Decision maker · 1 · 10%" in text
        assert "- Opponent  郑文斌" in text
        assert "+ Supporter 孙海涛" in text
        assert "谢军" not in text  # not in this deal
        assert decision.cursor_key == trade["gm"]
        await pilot.press("down")
        assert decision.cursor_key == trade["tech"]  # the heading row is skipped


async def test_remove_from_deal_asks_and_undo_restores(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["user"])
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: loaded(app) and screen(app).map.coverage.people == 4)
        assert role_of(trade, "user").deleted_at is not None
        await pilot.press("u")
        await wait_for(pilot, lambda: screen(app).map.coverage.people == 5)


async def test_help_explains_the_formula_and_lists_the_keys(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = text_of(app.screen.query_one("#help-body").content)
        for words in ("Stance", "Influence", "Role", "Weight", "Reports to", "Log contact",
                      "Support-adjusted probability", "+ supporter"):
            assert words in body
        await pilot.press("escape")
        titles = [command.title for command in screen(app).palette_commands()]
        assert {"Stance", "Weight", "Account", "Opportunity", "Next view"} <= set(titles)


async def test_key_1_goes_back_to_the_customers_from_the_map(db, trade):
    from kam_tui.areas.customers.ui.list_screen import CustomersScreen

    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await pilot.press("1")
        await wait_for(pilot, lambda: app.current_mode == "customers")
        assert isinstance(app.screen, CustomersScreen)
        await pilot.press("3")  # and back: the map kept its place
        await wait_for(pilot, lambda: app.current_mode == "relationships")
        assert loaded(app)


async def test_card_key_m_opens_the_map_on_that_account(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await pilot.press("m")
        await wait_for(pilot, lambda: loaded(app))
        assert screen(app).account_id == trade["account"]
        assert screen(app).opportunity_id == trade["deal"]


async def test_a_large_account_scrolls_through_its_chart(db):
    account = save("account", {**BASE, "name": "Big Co"}, today=TODAY)
    boss = m.Contact.create(account=account, name="Boss").id
    with db.atomic():
        m.Contact.insert_many([{"account": account, "name": f"P{n:03d}", "reports_to": boss,
                                "department": f"D{n % 7}", "uuid": f"{n:032x}"}
                               for n in range(499)]).execute()
    RelationshipService(db, lambda: TODAY).remember(account, None)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: loaded(app))
        assert len(chart(app).keys) == 500
        await pilot.press("end")
        assert chart(app).cursor == 499
        assert chart(app).scroll_y > 400
        await pilot.press("home", "right")
        assert chart(app).cursor == 1


async def test_role_details_name_the_person_and_offer_them_in_the_list(db, trade):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await go_to(pilot, app, trade["tech"])
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        person = app.screen.field("contact_id")
        offered = {value for _, value in person._options}
        everyone = {trade[key] for key in ("gm", "tech", "buyer", "user", "finance", "dispatch")}
        # The role's own id was taken for a person to leave out: someone went missing.
        assert everyone <= offered
        assert person.raw() == trade["tech"]


async def test_the_map_uses_the_deals_own_win_rate(db, trade):
    m.Opportunity.update(win_rate_override=15, win_rate_override_reason="tender postponed").where(
        m.Opportunity.id == trade["deal"]).execute()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        head = str(screen(app).query_one("#rel-head").render())
        assert "win rate 15%*" in head  # marked as the deal's own, as on the board
        assert screen(app).map.coverage.win_rate == 15
        assert "support-adjusted 17%" not in head  # 17% came from the stage's 30%


async def test_the_opportunity_picker_gives_no_win_rate_for_a_won_deal(db, trade):
    won = save("opportunity", {"title": "Spare parts", "amount": 900_000, "quantity": 1},
               today=TODAY, parent_id=trade["account"])
    m.Opportunity.update(stage=6, status="won").where(m.Opportunity.id == won).execute()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(pilot, app)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, RelationshipPickDialog))
        labels = [str(option.prompt) for option in app.screen.query_one("OptionList")._options]
        spare = next(label for label in labels if "Spare parts" in label)
        assert "Stage 6 Use · Won" in spare and "win rate" not in spare
        assert any("60 tractors · Stage 4" in label and "win rate 30%" in label
                   for label in labels)

"""The pipeline service over a real database: totals, pages, moves and history, closing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.settings import PERIOD_SETTING, STALL_SETTING
from kam_tui.areas.pipeline.service import (
    WRITTEN,
    BoardQuery,
    ClosedFilter,
    MoveRefused,
    NewDealRecords,
    PipelineService,
)
from kam_tui.core.db import models as m
from kam_tui.core.db.records import save
from tests.helpers import TODAY, history
from tests.helpers import add_account as account
from tests.helpers import add_deal as deal

pytestmark = pytest.mark.both_engines

BASE = {"abc_class": "C", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}
ALL = BoardQuery()


@pytest.fixture
def pipeline(db) -> PipelineService:
    return PipelineService(db, lambda: TODAY)


def titles(pipeline: PipelineService, stage: int, query: BoardQuery = ALL) -> list[str]:
    return [card.title for card in pipeline.column_page(query, stage, 0, 100)]


@pytest.fixture
def board(db) -> dict[str, int]:
    a = account("华通物流集团有限公司", short_name="华通物流", abc_class="A", region="华东")
    b = account("Northstar Logistics", short_name="Northstar", abc_class="B", region="华北")
    return {
        "a": a, "b": b,
        "t1": deal(a, "Tractors 60", stage=1, amount=2_000_000, position=1),
        "t2": deal(a, "Cold chain 20", stage=1, amount=1_000_000, position=2, days=61),
        "t3": deal(b, "City delivery 10", stage=1, amount=500_000, position=3),
        "d1": deal(b, "Dump trucks", stage=4, amount=4_000_000, position=1,
                   expected_close="2026-12-15"),
        "u1": deal(a, "Buses", stage=6, amount=10_000_000, position=1),
    }


def test_totals_are_per_stage_sums_and_weighted_sums(pipeline, board):
    stats = pipeline.stats(ALL)
    one = stats.column(1)
    assert (one.count, one.amount, one.weighted) == (3, 3_500_000, 175_000)
    assert stats.column(4).weighted == 1_200_000
    assert stats.column(2).count == 0
    assert stats.open_amount == 17_500_000
    assert stats.forecast == 175_000 + 1_200_000 + 8_000_000
    assert stats.column(1).stalled == 1  # 61 days in Interest, threshold 60
    assert stats.stalled == 1


def test_forecast_uses_the_deals_own_win_rate(pipeline, board):
    with pytest.raises(ValueError):
        pipeline.set_win_rate_override(board["d1"], 60, "")
    pipeline.set_win_rate_override(board["d1"], 60, "Letter of intent signed")
    assert pipeline.stats(ALL).column(4).weighted == 2_400_000
    assert pipeline.detail(board["d1"]).values["win_rate_override_reason"] == (
        "Letter of intent signed")
    card = pipeline.column_page(ALL, 4, 0, 10)[0]
    assert card.win_rate_override == 60
    pipeline.set_win_rate_override(board["d1"], None, "")
    assert pipeline.stats(ALL).column(4).weighted == 1_200_000


def test_pages_keep_board_order_and_flag_stalls(pipeline, board):
    cards = pipeline.column_page(ALL, 1, 0, 10)
    assert [c.title for c in cards] == ["Tractors 60", "Cold chain 20", "City delivery 10"]
    assert [c.stalled for c in cards] == [False, True, False]
    assert cards[0].account == "华通物流" and cards[1].days == 61
    assert [c.title for c in pipeline.column_page(ALL, 1, 1, 1)] == ["Cold chain 20"]


def test_filters_and_search(pipeline, board):
    assert titles(pipeline, 1, BoardQuery(abc_class="B")) == ["City delivery 10"]
    assert titles(pipeline, 1, BoardQuery(region="华东")) == ["Tractors 60", "Cold chain 20"]
    assert titles(pipeline, 1, BoardQuery(search="htwl")) == ["Tractors 60", "Cold chain 20"]
    assert titles(pipeline, 1, BoardQuery(search="cold")) == ["Cold chain 20"]
    assert pipeline.stats(BoardQuery(close_month="2026-12")).open_count == 1
    assert pipeline.stats(BoardQuery(search="100%_")).open_count == 0  # wildcards are literal
    options = pipeline.filter_options()
    assert options["close_month"] == [("2026-12", "2026-12")]
    assert ("华东", "华东") in options["region"]


def test_advance_writes_stage_time_position_and_history_at_once(pipeline, board):
    result = pipeline.move(ALL, board["t1"], 2, expected_stage=1, note="GM agreed, Q1 budget")
    assert (result.from_stage, result.to_stage, result.index) == (1, 2, 0)
    assert result.stats.column(1).count == 2 and result.stats.column(2).count == 1
    assert result.stats.column(2).weighted == 200_000
    row = m.Opportunity.get_by_id(board["t1"])
    assert row.stage == 2 and row.stage_entered_at.date() == TODAY and row.version == 2
    change = m.StageChange.get(m.StageChange.opportunity == board["t1"])
    assert (change.from_stage, change.to_stage, change.note) == (1, 2, "GM agreed, Q1 budget")
    assert change.changed_at.date() == TODAY
    assert pipeline.column_page(ALL, 2, 0, 10)[0].days == 0


def test_a_move_returns_the_pages_the_board_asked_for_in_one_call(pipeline, board):
    result = pipeline.move(ALL, board["t2"], 4, expected_stage=1, after_id=board["d1"],
                           windows={1: (1, 5)}, landing_page=1)
    assert set(result.pages) == {1, 4}
    offset, cards = result.pages[4]  # the page of one card that holds it, two pages long
    assert (result.index, offset) == (1, 1)
    assert [card.title for card in cards] == ["Cold chain 20"]
    offset, cards = result.pages[1]
    assert offset == 1 and cards == pipeline.column_page(ALL, 1, 1, 5)
    assert pipeline.move(ALL, board["t2"], 4, expected_stage=4).pages == {}


def test_skip_and_back_are_recorded(pipeline, board):
    pipeline.move(ALL, board["t3"], 4, expected_stage=1)
    pipeline.move(ALL, board["t3"], 2, expected_stage=4)
    assert history(board["t3"]) == [(1, 4, "open", "open"), (4, 2, "open", "open")]


def test_a_move_from_a_stale_board_is_refused(pipeline, board):
    pipeline.move(ALL, board["t1"], 2, expected_stage=1)
    with pytest.raises(MoveRefused) as error:
        pipeline.move(ALL, board["t1"], 3, expected_stage=1)
    assert error.value.reason == "moved"
    assert m.Opportunity.get_by_id(board["t1"]).stage == 2


def test_reorder_before_and_after_keeps_stage_and_history(pipeline, board):
    result = pipeline.move(ALL, board["t3"], 1, expected_stage=1, before_id=board["t1"])
    assert result.index == 0
    assert titles(pipeline, 1) == ["City delivery 10", "Tractors 60", "Cold chain 20"]
    result = pipeline.move(ALL, board["t3"], 1, expected_stage=1, after_id=board["t1"])
    assert result.index == 1
    assert titles(pipeline, 1) == ["Tractors 60", "City delivery 10", "Cold chain 20"]
    pipeline.move(ALL, board["t1"], 1, expected_stage=1, after_id=board["t2"])
    assert titles(pipeline, 1) == ["City delivery 10", "Cold chain 20", "Tractors 60"]
    assert history(board["t1"]) == []


def test_drop_into_another_column_at_a_place(pipeline, board):
    pipeline.move(ALL, board["t2"], 4, expected_stage=1, after_id=board["d1"])
    assert titles(pipeline, 4) == ["Dump trucks", "Cold chain 20"]
    pipeline.move(ALL, board["t1"], 4, expected_stage=1)  # no neighbour named: the top
    assert titles(pipeline, 4) == ["Tractors 60", "Dump trucks", "Cold chain 20"]


def test_tied_positions_are_renumbered_when_a_card_goes_between(pipeline, db):
    a = account("Ties Ltd")
    ids = [deal(a, f"T{i}", position=5.0) for i in range(4)]
    pipeline.move(ALL, ids[3], 1, expected_stage=1, before_id=ids[1])
    assert titles(pipeline, 1) == ["T0", "T3", "T1", "T2"]


def test_won_from_use_and_lost_with_reason_leave_the_board(pipeline, board):
    pipeline.won(board["u1"])
    with pytest.raises(ValueError):
        pipeline.won(board["d1"])  # stage 4: needs confirmation
    pipeline.won(board["d1"], confirmed=True)
    with pytest.raises(ValueError):
        pipeline.lost(board["t1"], reason="", winner="Dongfeng")
    with pytest.raises(ValueError):
        pipeline.lost(board["t1"], reason="Price 8% higher", winner="Dongfeng")  # no code
    with pytest.raises(ValueError):
        pipeline.lost(board["t1"], reason="other", winner="Dongfeng")  # other needs a note
    pipeline.lost(board["t1"], reason="price", winner="东风商用车")
    stats = pipeline.stats(ALL)
    assert stats.open_count == 2
    assert (stats.won_count, stats.won_amount) == (2, 14_000_000)
    assert (stats.lost_count, stats.lost_amount) == (1, 2_000_000)
    row = m.Opportunity.get_by_id(board["t1"])
    assert (row.status, row.lost_reason, row.lost_to) == ("lost", "price", "东风商用车")
    assert history(board["t1"])[-1] == (1, 1, "open", "lost")
    closed = pipeline.closed_page(ALL, 0, 10)
    assert {c.title for c in closed} == {"Buses", "Dump trucks", "Tractors 60"}
    assert pipeline.closed_count(ALL) == 3
    with pytest.raises(MoveRefused):
        pipeline.move(ALL, board["t1"], 2, expected_stage=1)
    with pytest.raises(MoveRefused):
        pipeline.won(board["t1"], confirmed=True)


def test_reopen_puts_a_closed_deal_back_on_top_of_its_stage(pipeline, board):
    pipeline.lost(board["t2"], reason="other", winner="no_one", note="No budget")
    pipeline.reopen(board["t2"])
    row = m.Opportunity.get_by_id(board["t2"])
    assert (row.status, row.lost_reason, row.closed_at) == ("open", "", None)
    assert titles(pipeline, 1)[0] == "Cold chain 20"
    assert history(board["t2"])[-2:] == [(1, 1, "open", "lost"), (1, 1, "lost", "open")]
    assert "No budget" in m.StageChange.select().where(
        m.StageChange.to_status == "lost").get().note
    with pytest.raises(MoveRefused):
        pipeline.reopen(board["t2"])


def test_reopen_keeps_the_days_in_stage(pipeline, board):
    entered = m.Opportunity.get_by_id(board["t2"]).stage_entered_at
    assert entered is not None
    pipeline.won(board["t2"], confirmed=True)
    pipeline.reopen(board["t2"])
    assert m.Opportunity.get_by_id(board["t2"]).stage_entered_at == entered


def test_won_and_lost_count_only_in_the_period(pipeline, board):
    pipeline.won(board["u1"])
    m.Opportunity.update(closed_at=datetime(2026, 9, 30, 12)).where(
        m.Opportunity.id == board["u1"]).execute()
    assert pipeline.stats(ALL).won_count == 0  # the quarter began on 1 October
    pipeline.set_period(rules.Period.YEAR)
    assert pipeline.stats(ALL).won_count == 1
    assert pipeline.period() is rules.Period.YEAR


def test_the_period_is_the_persons_and_outlives_the_service(db, pipeline, board):
    pipeline.set_period(rules.Period.MONTH)
    again = PipelineService(db, lambda: TODAY)
    assert again.period() is rules.Period.MONTH
    assert again.stats(ALL).period is rules.Period.MONTH
    # On the team's server the table is everyone's: one person's view of the board is not.
    assert not m.Setting.select().where(m.Setting.key == PERIOD_SETTING).exists()


def test_a_deal_nobody_has_been_in_touch_about_stalls(pipeline, board):
    """#15.14: quiet past the stage's limit stalls a deal; a contact logged against it ends it."""
    from datetime import timedelta

    commit = deal(board["a"], "Quiet one", stage=5, amount=1_000_000, position=9, days=20)
    before = pipeline.stats(ALL).column(5).stalled
    assert before == 1  # 20 days in Commit, no contact: past the 14 quiet days
    card = next(c for c in pipeline.column_page(ALL, 5, 0, 10) if c.id == commit)
    assert card.stalled and card.quiet == 20 and card.days == 20
    detail = pipeline.detail(commit)
    assert detail.stalled and detail.quiet == 20
    # A contact 14 days ago is the limit, not past it; against another deal it counts for nothing.
    m.Activity.create(account=board["a"], occurred_on=TODAY - timedelta(days=3), summary="x")
    m.Activity.create(account=board["a"], opportunity=commit,
                      occurred_on=TODAY - timedelta(days=14), summary="Called")
    assert pipeline.stats(ALL).column(5).stalled == 0
    card = next(c for c in pipeline.column_page(ALL, 5, 0, 10) if c.id == commit)
    assert not card.stalled and card.quiet is None
    # A deleted contact counts for nothing either; the team's own quiet limit is a setting.
    m.Activity.update(deleted_at=m.utcnow()).where(m.Activity.opportunity == commit).execute()
    pipeline.set_stall_days(rules.DEFAULT_STALL_DAYS, {**rules.DEFAULT_QUIET_DAYS, 5: 25})
    assert pipeline.stats(ALL).column(5).stalled == 0
    assert pipeline.stats(ALL).quiet_days[5] == 25


def test_stall_thresholds_are_a_setting(pipeline, board):
    assert pipeline.stall_days() == rules.DEFAULT_STALL_DAYS
    pipeline.set_stall_days({**rules.DEFAULT_STALL_DAYS, 1: 2})
    assert pipeline.stats(ALL).column(1).stalled == 3
    assert all(c.stalled for c in pipeline.column_page(ALL, 1, 0, 10))
    # A team rule: it stays in the database, for everyone who opens it.
    assert m.Setting.get_by_id(STALL_SETTING).value


def test_new_deal_starts_its_history_today_on_top(pipeline, board):
    # Saved through the record engine, as the card's form and the board's form both do.
    opp_id = save("opportunity", {"title": "Fresh", "quantity": 0, "amount": 0}, today=TODAY,
                  parent_id=board["a"])
    assert titles(pipeline, 1)[0] == "Fresh"
    assert history(opp_id) == [(None, 1, "", "open")]
    assert pipeline.column_page(ALL, 1, 0, 1)[0].days == 0


def test_a_new_deal_can_start_in_any_stage_with_its_first_row_there(db, pipeline, board):
    # The board's new-deal form saves through NewDealRecords, naming the stage to start in.
    records = NewDealRecords(db, lambda: TODAY)
    opp_id = records.save("opportunity", {"title": "Straight to tender", "quantity": 0,
                                          "amount": 500_000, "stage": "4"},
                          parent_id=board["b"])
    row = m.Opportunity.get_by_id(opp_id)
    assert (row.stage, row.account_id) == (4, board["b"])
    assert history(opp_id) == [(None, 4, "", "open")]
    assert titles(pipeline, 4)[0] == "Straight to tender"  # on top of its column
    assert pipeline.column_page(ALL, 4, 0, 1)[0].days == 0
    assert pipeline.stats(ALL).column(4).weighted == 1_200_000 + 150_000
    # Without a stage, and for any later save, it is the record engine as ever.
    plain = records.save("opportunity", {"title": "Plain", "quantity": 0, "amount": 0},
                         parent_id=board["a"])
    assert history(plain) == [(None, 1, "", "open")]
    values, version = records.load("opportunity", opp_id)
    records.save("opportunity", {**values, "title": "Renamed", "stage": "2"},
                 record_id=opp_id, expected_version=version)
    assert m.Opportunity.get_by_id(opp_id).stage == 4 and len(history(opp_id)) == 1
    assert pipeline.account_name(board["b"]) == "Northstar Logistics"


def _entered_with_history(opp_id: int) -> datetime:
    """Give a fixture deal the first history row every deal kam makes has; return its entry."""
    row = m.Opportunity.get_by_id(opp_id)
    m.StageChange.create(opportunity=opp_id, from_stage=None, to_stage=row.stage,
                         from_status="", to_status="open", changed_at=row.stage_entered_at)
    return row.stage_entered_at


def test_out_of_a_stage_and_straight_back_keeps_the_days_and_the_stall(pipeline, board):
    entered = _entered_with_history(board["t2"])  # 61 days in Interest: stalled
    pipeline.move(ALL, board["t2"], 2, expected_stage=1)
    assert pipeline.column_page(ALL, 2, 0, 1)[0].days == 0
    result = pipeline.move(ALL, board["t2"], 1, expected_stage=2)
    row = m.Opportunity.get_by_id(board["t2"])
    assert row.stage == 1 and row.stage_entered_at == entered
    card = next(c for c in pipeline.column_page(ALL, 1, 0, 10) if c.id == board["t2"])
    assert (card.days, card.stalled) == (61, True)
    assert result.stats.column(1).stalled == 1 and pipeline.stats(ALL).stalled == 1
    # The history keeps both moves, as it always has.
    assert history(board["t2"]) == [(None, 1, "", "open"), (1, 2, "open", "open"),
                                    (2, 1, "open", "open")]


def test_a_skip_forward_and_straight_back_keeps_the_days(pipeline, board):
    entered = _entered_with_history(board["d1"])
    pipeline.move(ALL, board["d1"], 6, expected_stage=4, note="PO signed")
    pipeline.move(ALL, board["d1"], 4, expected_stage=6)
    assert m.Opportunity.get_by_id(board["d1"]).stage_entered_at == entered
    # The fixture's other deals have no history at all: what their clock was is not on file,
    # and a return starts it afresh, as every move did before.
    pipeline.move(ALL, board["t3"], 2, expected_stage=1)
    pipeline.move(ALL, board["t3"], 1, expected_stage=2)
    assert m.Opportunity.get_by_id(board["t3"]).stage_entered_at.date() == TODAY


def test_back_only_after_the_window_is_a_real_step_back_and_starts_afresh(db, board):
    entered = _entered_with_history(board["t2"])
    on = {days: PipelineService(db, lambda days=days: TODAY + timedelta(days=days))
          for days in (0, 1, 4)}
    on[0].move(ALL, board["t2"], 2, expected_stage=1)
    on[0].move(ALL, board["t2"], 1, expected_stage=2)
    assert m.Opportunity.get_by_id(board["t2"]).stage_entered_at == entered
    on[1].move(ALL, board["t2"], 2, expected_stage=1)
    on[4].move(ALL, board["t2"], 1, expected_stage=2)  # three days in Brewing, then back
    assert m.Opportunity.get_by_id(board["t2"]).stage_entered_at.date() == TODAY + timedelta(
        days=4)
    assert on[4].column_page(ALL, 1, 0, 10)[0].days == 0
    assert len(history(board["t2"])) == 5


def test_deleted_deals_and_accounts_leave_the_board(pipeline, board, records):
    pipeline.delete(board["t1"])
    assert pipeline.stats(ALL).column(1).count == 2
    records.restore("opportunity", board["t1"])
    records.delete("account", board["b"])
    assert pipeline.stats(ALL).column(1).count == 2
    assert pipeline.stats(ALL).column(4).count == 0


def test_detail_has_history_scorecard_defaults_checklist_and_roles(pipeline, board):
    pipeline.move(ALL, board["d1"], 5, expected_stage=4)
    detail = pipeline.detail(board["d1"])
    assert detail.account_name == "Northstar Logistics"
    assert [(h.from_stage, h.to_stage) for h in detail.history] == [(4, 5)]
    assert detail.weights == rules.default_weights() and not detail.weights_saved
    assert [c.standard.code for c in detail.checks] == [i.code for i in rules.CONTRACT_ITEMS]
    assert detail.group == () and "no_coach" in {w.code for w in detail.coverage.warnings}
    assert pipeline.detail(999_999) is None


def test_detail_lists_the_contacts_logged_against_the_deal_and_its_next_revisit(pipeline, board):
    """#15.11: the deal's own activities with who took part, newest first; its planned revisits."""
    from datetime import date

    person = m.Contact.create(account=board["b"], name="王总")
    gone = m.Contact.create(account=board["b"], name="Left", deleted_at=m.utcnow())
    rep = m.Staff.create(name="李明", role="rep")
    m.Activity.create(account=board["b"], opportunity=board["d1"],
                              occurred_on=date(2026, 10, 2), kind="phone", summary="Called")
    newer = m.Activity.create(account=board["b"], opportunity=board["d1"],
                              occurred_on=date(2026, 11, 20), kind="visit", summary="Demo drive",
                              result="Liked it", next_step="Send offer",
                              next_step_date=date(2026, 11, 30))
    m.Activity.create(account=board["b"], occurred_on=date(2026, 11, 21), summary="other deal")
    m.Activity.create(account=board["b"], opportunity=board["d1"], occurred_on=date(2026, 11, 22),
                      summary="deleted", deleted_at=m.utcnow())
    for contact, staff in ((person, None), (gone, None), (None, rep)):
        m.ActivityPerson.create(activity=newer, contact=contact, staff=staff)
    m.Revisit.create(account=board["b"], opportunity=board["d1"], due_on=date(2026, 12, 9),
                     kind="visit", note="Sign")
    m.Revisit.create(account=board["b"], opportunity=board["d1"], due_on=date(2026, 12, 1),
                     kind="phone", note="Chase")
    m.Revisit.create(account=board["b"], opportunity=board["d1"], due_on=date(2026, 11, 1),
                     status="done")
    detail = pipeline.detail(board["d1"])
    assert [(a.summary, a.people) for a in detail.activities] == [
        ("Demo drive", ("王总", "李明")), ("Called", ())]
    assert detail.activities[0].next_step_date == date(2026, 11, 30)
    assert [(p.due_on, p.note) for p in detail.planned] == [
        (date(2026, 12, 1), "Chase"), (date(2026, 12, 9), "Sign")]


def test_scorecard_saves_weights_and_scores_and_refuses_a_bad_sum(pipeline, board):
    weights = rules.default_weights()
    scores = {"": {"price": 7.0, "brand": 9.0}, "Dongfeng": {"price": 8.0}}
    pipeline.save_scorecard(board["d1"], weights, scores)
    detail = pipeline.detail(board["d1"])
    assert detail.weights_saved and detail.scores == scores
    pipeline.save_scorecard(board["d1"], weights, {"": {"price": 6.0}})
    assert pipeline.detail(board["d1"]).scores == {"": {"price": 6.0}}
    with pytest.raises(ValueError, match="sum to 0.95"):
        pipeline.save_scorecard(board["d1"], {**weights, "price": 0.15}, {})
    with pytest.raises(ValueError):
        pipeline.save_scorecard(board["d1"], weights, {"": {"price": 11.0}})
    pipeline.save_scorecard(board["d1"], weights, {"Dongfeng": {"price": 8.0}})  # comes back
    assert pipeline.detail(board["d1"]).scores == {"Dongfeng": {"price": 8.0}}


def test_contract_checklist_ticks_standard_and_legacy_items(pipeline, board):
    m.ContractCheck.create(opportunity=board["d1"], item="价格（含运费、上牌费）", done=True)
    m.ContractCheck.create(opportunity=board["d1"], item="Warranty extension", done=False)
    pipeline.set_contract_check(board["d1"], "configuration", True)
    pipeline.set_contract_check(board["d1"], "configuration", False)
    pipeline.set_contract_check(board["d1"], "payment", True)
    checks = pipeline.detail(board["d1"]).checks
    by_item = {c.item: c.done for c in checks}
    assert by_item["价格（含运费、上牌费）"] is True and "price" not in by_item
    assert by_item["configuration"] is False and by_item["payment"] is True
    assert checks[-1].item == "Warranty extension" and checks[-1].standard is None


def _random_groups(chooser, board) -> None:
    """Give most open deals a buying group of one to four people, stances and roles at random."""
    for deal_id in [row.id for row in m.Opportunity.select(m.Opportunity.id)
                    .where(m.Opportunity.status == "open")]:
        if chooser.random() < 0.2:
            continue
        for number in range(chooser.randint(1, 4)):
            person = m.Contact.create(account=board["a"], name=f"G{deal_id}-{number}")
            m.DealRole.create(
                opportunity=deal_id, contact=person,
                role=chooser.choice(["decision_maker", "technical_gatekeeper", "coach", "user"]),
                stance=chooser.choice(["supporter", "neutral", "opponent", "unknown"]),
                weight=chooser.choice([0, 10, 25, 40, 60]))


def test_the_board_reads_each_deals_group_as_the_map_does(pipeline, board):
    """The adjusted forecast and the cards' gaps are the coverage rule's, deal by deal (#15.12)."""
    import random

    from kam_tui.core.db.buying_group import participants
    from kam_tui.core.domain import coverage

    _random_groups(random.Random(3), board)
    person = m.Contact.create(account=board["b"], name="Left")
    # A coach whose person was deleted counts for nothing, on the board as on the map.
    m.DealRole.create(opportunity=board["d1"], contact=person, role="coach", stance="supporter",
                      weight=30)
    m.Contact.update(deleted_at=m.utcnow()).where(m.Contact.id == person.id).execute()
    stats = pipeline.stats(ALL)
    expected: dict[int, int] = {}
    for row in m.Opportunity.select().where(m.Opportunity.status == "open"):
        rate = rules.win_rate(row.stage, row.win_rate_override)
        found = coverage.assess(rate, participants(row.id), TODAY)
        expected[row.stage] = (expected.get(row.stage, 0)
                               + rules.weighted_amount(row.amount, found.adjusted))
    assert [stats.column(n).adjusted for n in rules.STAGE_NUMBERS] == [
        expected.get(n, 0) for n in rules.STAGE_NUMBERS]
    assert stats.adjusted_forecast == sum(expected.values())
    for stage in rules.STAGE_NUMBERS:
        for card in pipeline.column_page(ALL, stage, 0, 50):
            group = participants(card.id)
            shares = coverage.shares(group)
            codes = {w.code for w in coverage.assess(50, group, TODAY).warnings}
            assert card.weight_total == shares.total
            assert card.gaps == tuple(code for code in coverage.CARD_GAPS if code in codes)


@pytest.mark.parametrize("query", [ALL, BoardQuery(region="华东"), BoardQuery(search="truck")])
def test_figures_updated_by_the_moved_card_equal_a_full_recount(pipeline, board, query):
    import random

    chooser = random.Random(7)
    a = board["a"]
    for number in range(12):  # overrides, stalls and odd amounts, so rounding is exercised
        deal(a, f"Truck lot {number}", stage=chooser.randint(1, 6), amount=chooser.randint(1, 999_999),
             days=chooser.choice([0, 5, 40, 90]), position=number,
             win_rate_override=chooser.choice([None, 7, 33, 95]),
             win_rate_reason="customer said so")
    _random_groups(chooser, board)
    shown = pipeline.stats(query)
    assert shown.adjusted_forecast != shown.forecast  # the groups' stance moves the figure
    for _ in range(40):
        card = chooser.choice([c for stage in rules.STAGE_NUMBERS
                               for c in pipeline.column_page(query, stage, 0, 100)])
        result = pipeline.move(query, card.id, chooser.randint(1, 6), expected_stage=card.stage,
                               shown=shown)
        assert result.stats == pipeline.stats(query)
        shown = result.stats
    assert shown.open_count > 0


def test_a_card_the_filters_hide_gets_a_full_recount(pipeline, board):
    hidden_region = BoardQuery(region="华北")
    shown = pipeline.stats(hidden_region)
    result = pipeline.move(hidden_region, board["t1"], 2, expected_stage=1, shown=shown)
    assert result.stats == pipeline.stats(hidden_region) == shown


# --- lost reasons and winners -------------------------------------------------------------------


@pytest.fixture
def lost(pipeline, board) -> dict[str, int]:
    """Four lost deals (one with a reason typed before the standard list) and one won."""
    extra = deal(board["b"], "Vans", stage=2, amount=300_000)
    pipeline.lost(board["t1"], reason="price", winner="Dongfeng")  # 2,000,000
    pipeline.lost(board["t2"], reason="price", winner="Volvo")  # 1,000,000
    pipeline.lost(board["t3"], reason="timing", winner="Dongfeng")  # 500,000
    pipeline.won(board["u1"])  # 10,000,000
    m.Opportunity.update(status="lost", closed_at=datetime(2026, 11, 1), amount=300_000,
                         lost_reason="价格高于对手 8%", lost_to="no_one").where(
        m.Opportunity.id == extra).execute()
    return {**board, "v1": extra}


def closed_titles(pipeline, closed: ClosedFilter, query: BoardQuery = ALL) -> list[str]:
    return [row.title for row in pipeline.closed_page(query, 0, 50, closed)]


def test_lost_stores_the_reason_code_and_the_winner(pipeline, board):
    pipeline.lost(board["t1"], reason="no_decision", winner="no_one")
    row = m.Opportunity.get_by_id(board["t1"])
    assert (row.lost_reason, row.lost_to) == ("no_decision", "no_one")


def test_the_closed_list_filters_by_reason_and_winner(pipeline, lost):
    assert pipeline.closed_count(ALL, ClosedFilter()) == 5
    price = ClosedFilter(reason="price")
    assert pipeline.closed_count(ALL, price) == 2
    assert set(closed_titles(pipeline, price)) == {"Tractors 60", "Cold chain 20"}
    dongfeng = ClosedFilter(winner="Dongfeng")
    assert set(closed_titles(pipeline, dongfeng)) == {"Tractors 60", "City delivery 10"}
    both = ClosedFilter(reason="price", winner="Dongfeng")
    assert closed_titles(pipeline, both) == ["Tractors 60"]
    assert pipeline.closed_count(ALL, both) == 1
    # The reasons typed before the list are one choice of the filter.
    assert closed_titles(pipeline, ClosedFilter(reason=WRITTEN)) == ["Vans"]
    assert closed_titles(pipeline, ClosedFilter(winner="no_one")) == ["Vans"]
    # The board's own filters still apply.
    north = BoardQuery(region="华北")
    assert closed_titles(pipeline, ClosedFilter(reason="price"), north) == []
    assert closed_titles(pipeline, ClosedFilter(winner="Dongfeng"), north) == ["City delivery 10"]


def test_the_closed_list_sorts_by_reason_and_by_winner(pipeline, lost):
    # The standard list's order (price before timing), a typed reason after, won deals last.
    by_reason = closed_titles(pipeline, ClosedFilter(sort="reason"))
    assert by_reason[2:] == ["City delivery 10", "Vans", "Buses"]
    assert set(by_reason[:2]) == {"Tractors 60", "Cold chain 20"}
    backwards = closed_titles(pipeline, ClosedFilter(sort="reason", descending=True))
    assert backwards[:3] == ["Buses", "Vans", "City delivery 10"]
    by_winner = closed_titles(pipeline, ClosedFilter(sort="winner"))
    assert set(by_winner[:2]) == {"Tractors 60", "City delivery 10"}  # Dongfeng
    assert by_winner[2:] == ["Vans", "Cold chain 20", "Buses"]  # no_one, Volvo; won last
    down = closed_titles(pipeline, ClosedFilter(sort="winner", descending=True))
    assert down[:2] == ["Cold chain 20", "Vans"] and down[-1] == "Buses"
    # Paging keeps the order: the second page goes on where the first stopped.
    first = [row.title for row in pipeline.closed_page(ALL, 0, 2, ClosedFilter(sort="winner"))]
    second = [row.title for row in pipeline.closed_page(ALL, 2, 3, ClosedFilter(sort="winner"))]
    assert first + second == by_winner


def test_the_closed_list_sums_count_and_amount_per_reason_in_sql(pipeline, lost):
    sums = pipeline.closed_list(ALL, ClosedFilter(), 10)[2]
    assert [(s.status, s.reason, s.count, s.amount) for s in sums] == [
        ("won", "", 1, 10_000_000),
        ("lost", "price", 2, 3_000_000),
        ("lost", "timing", 1, 500_000),
        ("lost", "价格高于对手 8%", 1, 300_000),
    ]
    count, rows, dongfeng = pipeline.closed_list(ALL, ClosedFilter(winner="Dongfeng"), 10)
    assert count == 2 and len(rows) == 2
    assert [(s.reason, s.count, s.amount) for s in dongfeng] == [
        ("price", 1, 2_000_000), ("timing", 1, 500_000)]


def test_the_winner_filter_lists_who_won_and_the_dialog_the_accounts_competitors(
        pipeline, lost):
    assert pipeline.closed_winners(ALL) == ["Dongfeng", "no_one", "Volvo"]
    assert pipeline.closed_winners(BoardQuery(region="华北")) == ["Dongfeng", "no_one"]
    for name in ("Volvo", "东风商用车", "Scania"):
        m.CompetitorPresence.create(account=lost["a"], competitor=name)
    m.CompetitorPresence.create(account=lost["b"], competitor="MAN")
    gone = m.CompetitorPresence.create(account=lost["a"], competitor="Iveco")
    m.CompetitorPresence.update(deleted_at=datetime(2026, 11, 1)).where(
        m.CompetitorPresence.id == gone.id).execute()
    assert pipeline.competitors(lost["d1"]) == ["MAN"]
    assert pipeline.competitors(lost["u1"]) == ["Scania", "Volvo", "东风商用车"]

"""Pipeline rules: forecast with overrides, stalls, moves, closing, scorecard weights."""

from __future__ import annotations

from datetime import date

import pytest

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain import vocab


def test_win_rate_is_the_stage_standard_unless_overridden():
    assert [rules.win_rate(n) for n in range(1, 7)] == [5, 10, 20, 30, 50, 80]
    assert rules.win_rate(2, 65) == 65
    assert rules.win_rate(6, 0) == 0  # an override of zero is an override, not "none"


def test_forecast_sums_amount_times_rate_and_uses_overrides():
    deals = [(1_000_000, 1, None), (2_000_000, 4, None), (500_000, 2, 60)]
    assert rules.forecast(deals) == 50_000 + 600_000 + 300_000
    assert rules.forecast([]) == 0
    assert rules.weighted_amount(15, 50) == 8  # rounded half up, whole currency units


def test_override_needs_a_reason_and_a_rate_between_0_and_100():
    assert rules.check_override(None, "") == {}
    assert set(rules.check_override(40, "  ")) == {"reason"}
    assert set(rules.check_override(140, "signed letter of intent")) == {"rate"}
    assert rules.check_override(70, "signed letter of intent") == {}


def test_stall_thresholds_default_parse_and_flag():
    assert rules.parse_stall_days(None) == rules.DEFAULT_STALL_DAYS
    assert rules.parse_stall_days("10,20,30,40,50,60") == {1: 10, 2: 20, 3: 30, 4: 40, 5: 50,
                                                           6: 60}
    assert rules.parse_stall_days("10,x,30,40,50,60") == rules.DEFAULT_STALL_DAYS
    assert rules.parse_stall_days("1,2,3") == rules.DEFAULT_STALL_DAYS
    assert rules.format_stall_days(rules.DEFAULT_STALL_DAYS) == "60,45,45,30,30,60"
    assert not rules.is_stalled(4, 30)
    assert rules.is_stalled(4, 31)
    assert rules.is_stalled(4, 11, {4: 10})
    values, errors = rules.check_stall_days({1: "5", 2: "0", 3: "abc", 4: "7", 5: "8", 6: "9"})
    assert values == {1: 5, 4: 7, 5: 8, 6: 9} and set(errors) == {2, 3}


def test_days_in_stage_never_negative():
    assert rules.days_in_stage(date(2026, 11, 1), date(2026, 11, 23)) == 22
    assert rules.days_in_stage(date(2026, 12, 1), date(2026, 11, 23)) == 0


def test_moves_are_classified_and_forward_moves_confirm_exit_events():
    assert rules.classify_move(3, 3) is rules.MoveKind.REORDER
    assert rules.classify_move(2, 3) is rules.MoveKind.ADVANCE
    assert rules.classify_move(1, 4) is rules.MoveKind.SKIP
    assert rules.classify_move(5, 2) is rules.MoveKind.BACK
    # Into Design the rep confirms Brewing's exit: the decision maker set time and budget.
    events = rules.exit_events(2, 3)
    assert [s.number for s in events] == [2]
    assert "decision maker agrees" in events[0].exit_event("en")
    assert [s.number for s in rules.exit_events(1, 4)] == [1, 2, 3]
    assert [s.number for s in rules.skipped_stages(1, 4)] == [2, 3]
    assert rules.exit_events(4, 2) == []
    assert rules.needs_confirmation(1, 2) and not rules.needs_confirmation(3, 1)
    with pytest.raises(ValueError):
        rules.classify_move(0, 7)


def test_won_from_use_is_normal_earlier_needs_confirmation():
    assert not rules.won_needs_confirmation(6)
    assert all(rules.won_needs_confirmation(n) for n in range(1, 6))


def test_lost_needs_reason_and_winner():
    assert set(rules.check_lost("", "")) == {"reason", "winner"}
    assert set(rules.check_lost("price 8% higher", " ")) == {"winner"}
    assert set(rules.check_lost("x" * 501, "Dongfeng")) == {"reason"}
    assert rules.check_lost("price 8% higher", "东风商用车") == {}


def test_period_bounds():
    today = date(2026, 11, 23)
    assert rules.period_bounds(today, rules.Period.MONTH) == (date(2026, 11, 1), date(2026, 12, 1))
    assert rules.period_bounds(today, rules.Period.QUARTER) == (date(2026, 10, 1),
                                                                 date(2027, 1, 1))
    assert rules.period_bounds(date(2026, 2, 3), rules.Period.QUARTER) == (date(2026, 1, 1),
                                                                            date(2026, 4, 1))
    assert rules.period_bounds(date(2026, 12, 31), rules.Period.MONTH)[1] == date(2027, 1, 1)
    assert rules.period_bounds(today, rules.Period.YEAR) == (date(2026, 1, 1), date(2027, 1, 1))
    assert rules.parse_month("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))
    assert rules.parse_month("2026-13") is None and rules.parse_month("") is None


def test_default_weights_sum_to_one_and_bad_sums_say_why():
    weights = rules.default_weights()
    assert set(weights) == {c.value for c in vocab.ScoreCriterion}
    assert rules.check_weights(weights) is None
    weights["price"] = 0.15
    problem = rules.check_weights(weights)
    assert problem is not None and "0.95" in problem.en and "add 0.05" in problem.en
    assert "还差 0.05" in problem.zh
    weights["price"] = 0.30
    problem = rules.check_weights(weights)
    assert problem is not None and "remove 0.10" in problem.en
    assert rules.check_weights({"price": -0.1, "brand": 1.1}) is not None


def test_weighted_score():
    weights = {"price": 0.5, "brand": 0.5}
    assert rules.weighted_score(weights, {"price": 8, "brand": 6}) == 7.0
    assert rules.weighted_score(weights, {"price": 8}) == 4.0
    assert rules.check_score(10.5) is not None and rules.check_score(7.5) is None


def test_parse_number_reads_decimals_commas_and_percents():
    assert rules.parse_number("0.15") == 0.15
    assert rules.parse_number("0,15") == 0.15
    assert rules.parse_number("15%") == pytest.approx(0.15)
    assert rules.parse_number("") is None
    assert rules.parse_number("abc") is None
    assert rules.parse_number("nan") is None


def test_contract_items_match_codes_and_labels_with_details():
    assert rules.contract_item("price").code == "price"
    assert rules.contract_item("价格（含运费、上牌费）").code == "price"
    assert rules.contract_item("配置").code == "configuration"
    assert rules.contract_item("交货期").code == "delivery_time"
    assert rules.contract_item("付款方式").code == "payment"
    assert rules.contract_item("") is None
    assert rules.contract_item("Warranty extension") is None

"""coverage: weight shares by stance, the warnings a rep must see, the support-adjusted odds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kam_tui.areas.relationships.rules import coverage as c
from kam_tui.areas.relationships.rules.coverage import Participant as P

TODAY = date(2026, 11, 23)
RECENT = TODAY - timedelta(days=3)


def trade_example() -> list[P]:
    """DOMAIN.md §3: the technical lead, purchasing head, users, the GM and finance."""
    return [
        P(1, "周建国", "technical_gatekeeper", "high", "neutral", 30, RECENT),
        P(2, "钱志刚", "purchaser", "high", "neutral", 40, RECENT),
        P(3, "孙海涛", "user", "medium", "supporter", 20, RECENT),
        P(4, "郑文斌", "decision_maker", "high", "opponent", 10, RECENT),
        P(5, "冯晓燕", "", "medium", "unknown", 0, None),
    ]


def codes(found: list[c.CoverageWarning]) -> list[str]:
    return [warning.code for warning in found]


def test_trade_example_shows_the_decider_against_us_no_coach_and_20_percent_support():
    people = trade_example()
    shares = c.shares(people)
    assert (shares.support, shares.neutral, shares.oppose, shares.unknown) == (20, 70, 10, 0)
    assert shares.percent(shares.support) == 20
    found = c.warnings(people, TODAY)
    # The gatekeeper is neutral in the trade's picture too, so that rule speaks as well.
    assert codes(found) == ["decision_maker_opposed", "no_coach", "gatekeeper_not_supporter"]
    assert found[0].contact_ids == (4,)
    assert "郑文斌" in found[0].message("zh") and "against us" in found[0].message("en")
    assert found[2].contact_ids == (1,)


def test_trade_example_probability_follows_the_documented_formula():
    # 30% × (1 + 0.20 − 0.10) × 0.5 (the decision maker opposes) = 16.5% → 17%
    assert c.support_adjusted(30, trade_example()) == 17
    result = c.assess(30, trade_example(), TODAY)
    assert (result.win_rate, result.adjusted, result.people) == (30, 17, 5)


def test_a_well_covered_group_has_no_warning_and_better_odds():
    people = [P(1, "A", "decision_maker", "high", "supporter", 50, RECENT),
              P(2, "B", "technical_gatekeeper", "high", "supporter", 30, RECENT),
              P(3, "C", "coach", "low", "supporter", 20, RECENT)]
    assert c.warnings(people, TODAY) == []
    assert c.support_adjusted(30, people) == 60  # 30 × (1 + 1.0)


def test_empty_group_lacks_decider_and_coach_and_has_nothing_assigned():
    found = c.warnings([], TODAY)
    assert codes(found) == ["no_decision_maker", "no_coach", "weights_under"]
    assert found[-1].severity == "note"
    assert "100%" in found[-1].message("en")
    assert c.support_adjusted(20, []) == 20


def test_weights_over_100_is_an_error_and_shares_are_taken_of_the_total():
    people = [P(1, "A", "decision_maker", "low", "supporter", 80, RECENT),
              P(2, "B", "coach", "low", "opponent", 40, RECENT)]
    found = c.warnings(people, TODAY)
    assert found[0].code == "weights_over" and found[0].severity == "error"
    assert "120%" in found[0].message("en") and "120%" in found[0].message("zh")
    shares = c.shares(people)
    assert shares.base == 120 and shares.percent(80) == 67 and shares.unassigned == 0


def test_weights_under_100_is_a_note_naming_the_rest():
    people = [P(1, "A", "decision_maker", "low", "supporter", 60, RECENT),
              P(2, "B", "coach", "low", "supporter", 10, RECENT)]
    found = c.warnings(people, TODAY)
    assert codes(found) == ["weights_under"]
    assert "30%" in found[0].message("en")
    assert c.shares(people).unassigned == 30


@pytest.mark.parametrize(("last", "stale"), [
    (None, True), (TODAY - timedelta(days=30), True), (TODAY - timedelta(days=29), False),
])
def test_high_influence_person_not_contacted_for_30_days(last, stale):
    people = [P(1, "A", "decision_maker", "high", "supporter", 70, last),
              P(2, "B", "coach", "low", "supporter", 30, None)]  # low influence: no warning
    found = c.warnings(people, TODAY)
    assert ("stale_contact" in codes(found)) is stale
    if stale:
        assert found[codes(found).index("stale_contact")].contact_ids == (1,)


def test_gatekeeper_unknown_counts_as_not_a_supporter_and_many_names_are_shortened():
    people = [P(i, f"G{i}", "technical_gatekeeper", "low", "unknown", 0, RECENT)
              for i in range(5)]
    found = {w.code: w for w in c.warnings(people, TODAY)}
    assert found["gatekeeper_not_supporter"].contact_ids == (0, 1, 2, 3, 4)
    assert "+2" in found["gatekeeper_not_supporter"].message("en")


def test_names_in_warnings_are_single_safe_lines():
    people = [P(1, "[bold]X[/]\x1b[2J\nY", "decision_maker", "low", "opponent", 100, RECENT)]
    message = c.warnings(people, TODAY)[0].message("en")
    assert "\x1b" not in message and "\n" not in message and "[bold]X[/]" in message


def test_opposing_gatekeepers_lower_the_odds_and_vetoes_do_not_stack_for_deciders():
    two_deciders = [P(1, "A", "decision_maker", "high", "opponent", 0, RECENT),
                    P(2, "B", "decision_maker", "high", "opponent", 0, RECENT)]
    assert c.support_adjusted(40, two_deciders) == 20
    gatekeeper = [P(1, "A", "technical_gatekeeper", "high", "opponent", 0, RECENT)]
    assert c.support_adjusted(40, gatekeeper) == 30


def test_probability_stays_within_0_and_100():
    against = [P(1, "A", "user", "low", "opponent", 100, RECENT)]
    assert c.support_adjusted(50, against) == 0
    behind = [P(1, "A", "decision_maker", "low", "supporter", 100, RECENT)]
    assert c.support_adjusted(80, behind) == 100


def test_stances_read_without_colour_and_cycle():
    marks = {c.mark(code) for code in c.STANCE_ORDER}
    assert len(marks) == 4 and all(mark.isascii() for mark in marks)
    assert c.mark(None) == c.mark("unknown") == "?"
    order = ["supporter"]
    for _ in range(4):
        order.append(c.next_stance(order[-1]))
    assert order == ["supporter", "neutral", "opponent", "unknown", "supporter"]
    assert c.next_stance("") == "supporter"
    assert [c.next_influence(x) for x in ("high", "medium", "low", "")] == [
        "medium", "low", "high", "high"]


def test_formula_is_documented_in_both_languages():
    assert "×" in c.FORMULA_EN and "0.5" in c.FORMULA_EN
    assert "0.5" in c.FORMULA_ZH and "阶段赢率" in c.FORMULA_ZH

"""coverage: weight shares by stance, the warnings a rep must see, the support-adjusted odds."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from kam_tui.core.domain import coverage as c
from kam_tui.core.domain.coverage import Participant as P

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


# --- the 100% line: exactly at it, one over, one under -----------------------------------------


def group_of(total: int) -> list[P]:
    # A supporting decision maker with 60% and a supporting coach holding the rest of `total`.
    return [P(1, "A", "decision_maker", "low", "supporter", 60, RECENT),
            P(2, "B", "coach", "low", "supporter", total - 60, RECENT)]


@pytest.mark.parametrize(("total", "expected"), [
    (99, [("weights_under", "note", "Weights add up to 99%; 1% not assigned",
           "权重合计 99%，尚有 1% 未分配")]),
    (100, []),  # exactly 100%: nothing to say
    (101, [("weights_over", "error", "Weights add up to 101%, over 100%",
            "权重合计 101%，超过 100%")]),
])
def test_weights_are_checked_against_exactly_100_percent(total, expected):
    """Weights under 100% are a note, over 100% an error, and exactly 100% is fine."""
    found = c.warnings(group_of(total), TODAY)
    assert [(w.code, w.severity, w.message("en"), w.message("zh")) for w in found] == expected


@pytest.mark.parametrize(("total", "base", "unassigned", "share_of_60"), [
    (99, 100, 1, 60),  # under 100: shares are of the whole decision; 60 of 100 = 60%
    (100, 100, 0, 60),
    (101, 101, 0, 59),  # over 100: shares are of the total; 60 of 101 = 59.4% → 59%
])
def test_shares_are_taken_of_100_or_of_a_larger_total(total, base, unassigned, share_of_60):
    """Shares are a percentage of 100, or of the recorded total once it passes 100."""
    split = c.shares(group_of(total))
    assert (split.total, split.base, split.unassigned) == (total, base, unassigned)
    assert split.percent(60) == share_of_60


def test_a_share_is_a_percentage_of_the_base():
    """Half the base is 50%, a quarter 25%, all of it 100%."""
    split = c.Shares(support=50, neutral=50)
    assert [split.percent(part) for part in (0, 25, 50, 100)] == [0, 25, 50, 100]


def test_the_total_counts_every_stance():
    """Supporting, neutral, opposing and unknown weight all add to the group's total."""
    assert c.Shares(support=10, neutral=20, oppose=30, unknown=40).total == 100


def test_nothing_recorded_is_no_weight():
    """An empty reading and a person added without a weight hold 0% of the decision."""
    assert c.Shares() == c.Shares(0, 0, 0, 0)
    assert (c.Shares().total, c.Shares().unassigned) == (0, 100)
    assert P(1, "A").weight == 0
    assert c.shares([P(1, "A")]) == c.Shares(0, 0, 0, 0)


def test_a_negative_weight_counts_as_none():
    """A weight below zero (a bad row) adds nothing rather than taking weight away."""
    people = [P(1, "A", "user", "low", "supporter", -20, RECENT),
              P(2, "B", "user", "low", "supporter", 30, RECENT)]
    assert c.shares(people).support == 30


# --- who counts as what ------------------------------------------------------------------------


def test_only_a_decision_maker_counts_as_one():
    """A coach and a user with all the weight still leave the group without a decision maker."""
    people = [P(1, "A", "coach", "low", "supporter", 50, RECENT),
              P(2, "B", "user", "low", "supporter", 50, RECENT)]
    assert codes(c.warnings(people, TODAY)) == ["no_decision_maker"]


def test_a_neutral_decision_maker_or_user_raises_no_warning():
    """Only an opposing decision maker and a non-supporting gatekeeper are warned about."""
    people = [P(1, "A", "decision_maker", "low", "neutral", 50, RECENT),
              P(2, "B", "coach", "low", "supporter", 20, RECENT),
              P(3, "C", "user", "low", "neutral", 30, RECENT)]
    assert c.warnings(people, TODAY) == []


@pytest.mark.parametrize("influence", ["medium", "low", ""])
def test_only_high_influence_people_go_stale(influence):
    """A person of medium, low or unrecorded influence never contacted is no stale warning."""
    people = [P(1, "A", "decision_maker", influence, "supporter", 70, None),
              P(2, "B", "coach", "low", "supporter", 30, RECENT)]
    assert c.warnings(people, TODAY) == []


def test_more_than_30_days_is_stale_too():
    """31 days without contact is stale, like exactly 30 (the test above checks 29 and 30)."""
    people = [P(1, "A", "decision_maker", "high", "supporter", 70, TODAY - timedelta(days=31)),
              P(2, "B", "coach", "low", "supporter", 30, RECENT)]
    assert codes(c.warnings(people, TODAY)) == ["stale_contact"]


# --- how names appear in warnings --------------------------------------------------------------


@pytest.mark.parametrize(("count", "shown"), [
    (1, "G0"),
    (3, "G0、G1、G2"),  # exactly three: all named, nothing more
    (4, "G0、G1、G2 +1"),  # one more than three: the rest counted
])
def test_warnings_name_three_people_and_count_the_rest(count, shown):
    """A warning names up to three people and adds "+n" for the n others."""
    people = [P(i, f"G{i}", "technical_gatekeeper", "low", "neutral", 0, RECENT)
              for i in range(count)]
    found = {w.code: w for w in c.warnings(people, TODAY)}["gatekeeper_not_supporter"]
    assert found.message("en") == f"Technical gatekeeper not a supporter: {shown}"
    assert found.message("zh") == f"技术把关者未支持我方：{shown}"


@pytest.mark.parametrize(("name", "shown"), [
    ("x" * 24, "x" * 24),  # exactly 24 characters: whole
    ("x" * 25, "x" * 23 + "…"),  # one over: cut to 24 with the ellipsis
])
def test_names_in_warnings_are_cut_at_24_characters(name, shown):
    """A name of up to 24 characters is shown whole; a longer one is cut to 24 with an ellipsis."""
    people = [P(1, name, "decision_maker", "low", "opponent", 50, RECENT),
              P(2, "B", "coach", "low", "supporter", 50, RECENT)]
    assert c.warnings(people, TODAY)[0].message("en") == f"Decision maker against us: {shown}"


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "未找到教练（向导）"),
    ("en", "No coach named"),
    ("fr", "No coach named"),  # a language without its own text gets English
    ("zu", "No coach named"),  # also one that sorts after "zh"
])
def test_warnings_speak_chinese_for_zh_and_english_otherwise(lang, expected):
    """A warning reads in Chinese for "zh" and in English for every other language."""
    people = [P(1, "A", "decision_maker", "low", "supporter", 100, RECENT)]
    assert c.warnings(people, TODAY)[0].message(lang) == expected


# --- the veto and the bounds of the adjusted probability ---------------------------------------


@pytest.mark.parametrize(("role", "expected"), [
    ("decision_maker", 20),  # 40 × 0.5
    ("technical_gatekeeper", 30),  # 40 × 0.75
    ("coach", 40),  # no veto: 40 × (1 + 0 − 0)
    ("user", 40),
    ("purchaser", 40),
])
def test_only_deciders_and_gatekeepers_veto(role, expected):
    """An opponent without weight lowers the odds only as a decision maker or a gatekeeper."""
    assert c.support_adjusted(40, [P(1, "A", role, "low", "opponent", 0, RECENT)]) == expected


@pytest.mark.parametrize(("win_rate", "expected"), [(-10, 0), (0, 0), (250, 100)])
def test_even_a_corrupt_win_rate_gives_a_probability_within_0_and_100(win_rate, expected):
    """The adjusted probability is kept within 0–100% whatever win rate it is given."""
    assert c.support_adjusted(win_rate, []) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(5, 2), 3), (Fraction(1, 2), 1), (Fraction(12, 5), 2), (Fraction(0), 0),
    # Below zero, halves go away from zero too: −2.5 → −3, −0.5 → −1; −2.4 → −2, −2.6 → −3.
    (Fraction(-5, 2), -3), (Fraction(-1, 2), -1), (Fraction(-12, 5), -2), (Fraction(-13, 5), -3),
])
def test_halves_round_away_from_zero(value, expected):
    """Rounding is to the nearest whole number, halves away from zero on either side of it."""
    assert c._half_up(value) == expected


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "field"), [
    (P(1, "A"), "weight"),
    (c.Shares(), "support"),
    (c.CoverageWarning("no_coach", "warning", "No coach named", "未找到教练"), "code"),
    (c.assess(30, [], TODAY), "adjusted"),
])
def test_coverage_readings_are_frozen(value, field):
    """People, shares, warnings and the whole reading cannot be changed once made."""
    with pytest.raises(AttributeError):
        setattr(value, field, None)


@pytest.mark.parametrize(("coach", "opposed", "total", "expected"), [
    (True, False, 100, ()),
    (True, False, 120, ()),
    (True, False, 99, ("weights_under",)),
    (False, False, 100, ("no_coach",)),
    (True, True, 100, ("decision_maker_opposed",)),
    (False, True, 0, ("decision_maker_opposed", "no_coach", "weights_under")),
])
def test_a_card_flags_the_three_gaps_a_manager_asks_about(coach, opposed, total, expected):
    assert c.card_gaps(coach, opposed, total) == expected

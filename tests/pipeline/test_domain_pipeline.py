"""Pipeline rules: forecast with overrides, stalls, moves, closing, scorecard weights."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain import vocab

Q = rules.Period.QUARTER


def test_the_funnel_runs_from_interest_to_use():
    """The first purchasing stage is Interest (1) and the last is Use (6)."""
    assert rules.FIRST_STAGE == 1
    assert rules.LAST_STAGE == 6
    assert rules.STAGE_NUMBERS == (1, 2, 3, 4, 5, 6)


# --- forecast ----------------------------------------------------------------------------------


def test_win_rate_is_the_stage_standard_unless_overridden():
    """Each stage has DOMAIN.md's standard win rate; a per-deal override replaces it."""
    assert [rules.win_rate(n) for n in range(1, 7)] == [5, 10, 20, 30, 50, 80]
    assert rules.win_rate(2, 65) == 65
    assert rules.win_rate(6, 0) == 0  # an override of zero is an override, not "none"


@pytest.mark.parametrize(("amount", "rate", "expected"), [
    (1_000_000, 5, 50_000),  # exact
    (15, 50, 8),  # 7.5: half rounds up
    (149, 1, 1),  # 1.49: rounds down
    (151, 1, 2),  # 1.51: rounds up
    (50, 1, 1),  # 0.5: half rounds up
    (49, 1, 0),  # 0.49: rounds down to nothing
    (0, 80, 0),
])
def test_weighted_amount_rounds_half_up_to_whole_units(amount, rate, expected):
    """A deal's weighted amount is amount × rate%, rounded half up to whole currency units."""
    assert rules.weighted_amount(amount, rate) == expected


def test_forecast_sums_amount_times_rate_and_uses_overrides():
    """The forecast is Σ amount × win rate, with an override taking the stage's place."""
    deals = [(1_000_000, 1, None), (2_000_000, 4, None), (500_000, 2, 60)]
    assert rules.forecast(deals) == 50_000 + 600_000 + 300_000
    assert rules.forecast([]) == 0


def test_a_deal_without_an_amount_adds_nothing_to_the_forecast():
    """A deal whose amount is not yet known counts as 0, even at a 100% win rate."""
    assert rules.forecast([(None, 2, 100)]) == 0
    assert rules.forecast([(None, 6, None), (1_000, 6, None)]) == 800  # 1000 × 80%


@pytest.mark.parametrize(("rate", "accepted"), [
    (-1, False),  # one under the floor
    (0, True),  # exactly 0%: a deal we know is lost in all but name
    (1, True),
    (99, True),
    (100, True),  # exactly 100%: as good as signed
    (101, False),  # one over the ceiling
    (140, False),
])
def test_an_override_rate_is_between_0_and_100_inclusive(rate, accepted):
    """A win-rate override is accepted from 0% to 100% inclusive and refused outside."""
    errors = rules.check_override(rate, "signed letter of intent")
    assert ("rate" not in errors) is accepted
    if not accepted:
        assert errors["rate"].en == "A win rate is between 0 and 100"
        assert errors["rate"].zh == "赢率应在 0 到 100 之间"


def test_an_override_needs_a_reason_of_at_most_500_characters():
    """An override needs a reason, trimmed, of at most 500 characters; no rate clears it."""
    assert rules.check_override(None, "") == {}
    assert set(rules.check_override(40, "  ")) == {"reason"}
    assert rules.check_override(70, "signed letter of intent") == {}
    assert rules.check_override(70, "x" * 500) == {}  # exactly the limit
    errors = rules.check_override(70, "x" * 501)  # one over
    assert set(errors) == {"reason"}
    assert errors["reason"].en == "At most 500 characters"
    assert errors["reason"].zh == "最多 500 个字符"


# --- stalls ------------------------------------------------------------------------------------


def test_default_stall_thresholds_per_stage():
    """A deal stalls after 60, 45, 45, 30, 30 and 60 days in stages 1 to 6."""
    assert rules.DEFAULT_STALL_DAYS == {1: 60, 2: 45, 3: 45, 4: 30, 5: 30, 6: 60}
    assert rules.format_stall_days(rules.DEFAULT_STALL_DAYS) == "60,45,45,30,30,60"


@pytest.mark.parametrize(("stage", "days", "thresholds", "stalled"), [
    (4, 29, None, False),  # Compare's limit is 30 days
    (4, 30, None, False),  # exactly the limit: not yet stalled
    (4, 31, None, True),  # one over
    (1, 60, None, False),
    (1, 61, None, True),
    (4, 10, {4: 10}, False),  # a team's own limit replaces the default
    (4, 11, {4: 10}, True),
    (1, 60, {4: 10}, False),  # a stage the team left out keeps its default of 60
    (1, 61, {4: 10}, True),
])
def test_a_deal_stalls_once_longer_in_stage_than_the_limit(stage, days, thresholds, stalled):
    """A deal is stalled when its days in stage are more than the stage's threshold."""
    assert rules.is_stalled(stage, days, thresholds) is stalled


@pytest.mark.parametrize(("entered", "last", "expected"), [
    (date(2026, 11, 1), None, 22),  # never contacted: counted from the move into the stage
    (date(2026, 11, 1), date(2026, 10, 1), 22),  # a contact before the move counts for nothing
    (date(2026, 11, 1), date(2026, 11, 1), 22),
    (date(2026, 11, 1), date(2026, 11, 20), 3),
    (date(2026, 11, 1), date(2026, 11, 23), 0),
    (date(2026, 11, 1), date(2026, 11, 30), 0),  # a contact dated ahead: never below 0
])
def test_days_quiet_count_from_the_later_of_the_move_and_the_last_contact(entered, last, expected):
    assert rules.days_quiet(entered, last, date(2026, 11, 23)) == expected


@pytest.mark.parametrize(("stage", "days", "quiet", "limits", "stalled"), [
    (5, 10, 14, None, False),  # Commit: quiet for 14 days is the limit, not past it
    (5, 10, 15, None, True),  # one more day without contact: stalled though only 10 in stage
    (5, 31, 0, None, True),  # too long in the stage stalls it whatever the contacts
    (5, 10, None, None, False),  # no quiet count given: only days in stage decide
    (1, 10, 45, None, False),
    (1, 10, 46, None, True),
    (5, 10, 15, {5: 20}, False),  # the team's own quiet limit
    (5, 10, 21, {5: 20}, True),
    (1, 10, 46, {5: 20}, True),  # a stage the team left out keeps its default of 45
])
def test_a_deal_stalls_too_when_nobody_has_been_in_touch(stage, days, quiet, limits, stalled):
    assert rules.is_stalled(stage, days, None, quiet, limits) is stalled
    if quiet is not None:
        assert rules.is_quiet(stage, quiet, limits) is (stalled and days <= 30)


def test_quiet_limits_are_read_with_their_own_defaults():
    assert rules.parse_stall_days(None, rules.DEFAULT_QUIET_DAYS) == rules.DEFAULT_QUIET_DAYS
    assert rules.parse_stall_days("x", rules.DEFAULT_QUIET_DAYS) == rules.DEFAULT_QUIET_DAYS
    assert rules.parse_stall_days("1,2,3,4,5,6", rules.DEFAULT_QUIET_DAYS) == {
        1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6}
    assert rules.DEFAULT_QUIET_DAYS == {1: 45, 2: 30, 3: 30, 4: 21, 5: 14, 6: 30}


@pytest.mark.parametrize(("text", "expected"), [
    (None, rules.DEFAULT_STALL_DAYS),
    ("", rules.DEFAULT_STALL_DAYS),
    ("10,20,30,40,50,60", {1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60}),
    (" 10, 20 ,30,40,50,60", {1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60}),
    ("1,45,45,30,30,3650", {1: 1, 2: 45, 3: 45, 4: 30, 5: 30, 6: 3650}),  # both limits
    ("0,45,45,30,30,60", rules.DEFAULT_STALL_DAYS),  # 0 days: under the floor of 1
    ("60,45,45,30,30,3651", rules.DEFAULT_STALL_DAYS),  # one over ten years
    ("10,x,30,40,50,60", rules.DEFAULT_STALL_DAYS),
    ("1,2,3", rules.DEFAULT_STALL_DAYS),  # too few stages
    ("10,20,30,40,50,60,70", rules.DEFAULT_STALL_DAYS),  # too many stages
])
def test_stored_stall_thresholds_fall_back_to_defaults_when_unreadable(text, expected):
    """Stored thresholds are six whole days 1-3650; anything else gives the defaults."""
    assert rules.parse_stall_days(text) == expected


@pytest.mark.parametrize(("typed", "value"), [
    ("0", None), ("1", 1), ("2", 2), ("3649", 3649), ("3650", 3650), ("3651", None),
])
def test_typed_stall_threshold_is_between_1_and_3650_days(typed, value):
    """A typed threshold is accepted from 1 to 3650 days and refused outside."""
    raw = {n: "30" for n in rules.STAGE_NUMBERS} | {3: typed}
    values, errors = rules.check_stall_days(raw)
    if value is None:
        assert 3 not in values
        assert errors[3].en == "Between 1 and 3650 days"
        assert errors[3].zh == "应在 1 到 3650 天之间"
    else:
        assert values[3] == value and errors == {}


def test_typed_stall_thresholds_report_every_bad_stage():
    """Every stage's threshold is checked; each bad one gets its own error, the rest parse."""
    values, errors = rules.check_stall_days({1: "5", 2: "0", 3: "abc", 4: "7", 5: "8", 6: "9"})
    assert values == {1: 5, 4: 7, 5: 8, 6: 9} and set(errors) == {2, 3}
    assert errors[3].en == "Enter a number of days"
    values, errors = rules.check_stall_days({1: "5"})  # stages left blank
    assert values == {1: 5} and set(errors) == {2, 3, 4, 5, 6}


def test_days_in_stage_never_negative():
    """Days in stage are whole days since the move: 0 on the day itself, never negative."""
    assert rules.days_in_stage(date(2026, 11, 1), date(2026, 11, 23)) == 22
    assert rules.days_in_stage(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert rules.days_in_stage(date(2026, 12, 1), date(2026, 11, 23)) == 0


# --- moves -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("from_stage", "to_stage", "kind"), [
    (3, 3, rules.MoveKind.REORDER),
    (2, 3, rules.MoveKind.ADVANCE),
    (5, 6, rules.MoveKind.ADVANCE),
    (1, 3, rules.MoveKind.SKIP),  # the smallest skip: past one stage
    (1, 4, rules.MoveKind.SKIP),
    (4, 3, rules.MoveKind.BACK),  # one back
    (5, 2, rules.MoveKind.BACK),
])
def test_moves_are_classified(from_stage, to_stage, kind):
    """A move is a reorder, an advance by one, a skip forward past stages, or a move back."""
    assert rules.classify_move(from_stage, to_stage) is kind


def test_forward_moves_confirm_exit_events():
    """A forward move confirms the exit event of every stage it leaves; no other move does."""
    # Into Design the rep confirms Brewing's exit: the decision maker set time and budget.
    events = rules.exit_events(2, 3)
    assert [s.number for s in events] == [2]
    assert "decision maker agrees" in events[0].exit_event("en")
    assert [s.number for s in rules.exit_events(1, 4)] == [1, 2, 3]
    assert [s.number for s in rules.skipped_stages(1, 4)] == [2, 3]
    assert rules.skipped_stages(2, 3) == []
    assert rules.exit_events(4, 2) == []
    assert rules.exit_events(3, 3) == []
    assert rules.needs_confirmation(1, 2) and rules.needs_confirmation(1, 4)
    assert not rules.needs_confirmation(3, 1) and not rules.needs_confirmation(3, 3)
    with pytest.raises(ValueError):
        rules.classify_move(0, 7)


# --- the stage clock ---------------------------------------------------------------------------

T0 = datetime(2026, 10, 17, 9, 0)  # the deal entered Interest 37 days before 2026-11-23
OUT = datetime(2026, 11, 23, 10, 0)  # the slip forward


def _clock(*moves: tuple[int | None, int, datetime]) -> datetime | None:
    return rules.stage_clock([rules.StageMove(*move) for move in moves])


def test_a_move_to_another_stage_starts_its_clock_and_the_first_row_starts_it_too():
    """Entering a stage starts the clock there; the first row starts the first stage's."""
    assert _clock() is None
    assert _clock((None, 1, T0)) == T0
    assert _clock((None, 1, T0), (1, 2, OUT)) == OUT
    assert _clock((1, 2, OUT)) == OUT  # no first row on file: the move still starts Brewing's


def test_out_and_straight_back_the_same_day_keeps_the_days_in_stage():
    """Item 4: shift+→ then shift+← must not turn 37 days in Interest into 0."""
    back = OUT + timedelta(minutes=1)
    assert _clock((None, 1, T0), (1, 2, OUT), (2, 1, back)) == T0
    # Skipped forward and straight back: the same slip.
    assert _clock((None, 4, T0), (4, 6, OUT), (6, 4, back)) == T0
    # And the other way: a slip back to Interest and forward again keeps Brewing's days.
    assert _clock((None, 2, T0), (2, 1, OUT), (1, 2, back)) == T0


@pytest.mark.parametrize(("after", "kept"), [
    (timedelta(0), True),  # at once
    (rules.RETURN_WINDOW, True),  # the window's last moment
    (rules.RETURN_WINDOW + timedelta(microseconds=1), False),
    (timedelta(days=3), False),  # back after three days in Brewing: a real step back
    (-timedelta(microseconds=1), False),  # stamped before the move out (another clock)
])
def test_only_a_return_within_the_window_keeps_the_clock(after, kept):
    """Back within RETURN_WINDOW (a day) keeps the clock; later, the stage starts afresh."""
    back = OUT + after
    assert _clock((None, 1, T0), (1, 2, OUT), (2, 1, back)) == (T0 if kept else back)
    assert rules.RETURN_WINDOW == timedelta(days=1)


def test_only_a_move_straight_back_to_the_stage_left_keeps_the_clock():
    """Going on to a third stage is progress, whatever the speed; back means the stage left."""
    soon = OUT + timedelta(minutes=1)
    assert _clock((None, 1, T0), (1, 2, OUT), (2, 3, soon)) == soon
    # Interest → Brewing → Design, then back to Interest: not the stage Design's move left.
    assert _clock((None, 1, T0), (1, 2, OUT), (2, 3, soon), (3, 1, soon)) == soon
    # Back into Brewing from Design, though, is the slip the last move made.
    assert _clock((None, 1, T0), (1, 2, OUT), (2, 3, soon), (3, 2, soon)) == OUT


def test_closing_and_reopening_keep_the_clock_and_the_slip_it_may_undo():
    """Rows within a stage (won, lost, reopened) neither start the clock nor end a slip."""
    back = OUT + timedelta(minutes=2)
    assert _clock((None, 1, T0), (1, 1, OUT)) == T0
    assert _clock((None, 1, T0), (1, 2, OUT), (2, 2, OUT), (2, 2, OUT), (2, 1, back)) == T0


def test_slips_back_and_forth_keep_each_stages_clock():
    """Each return restores the clock of the stage returned to, as it ran before the slip."""
    t = [OUT + timedelta(minutes=n) for n in range(4)]
    moves = [(None, 1, T0), (1, 2, t[0]), (2, 1, t[1]), (1, 2, t[2])]
    # Brewing was entered at t0, left at t1 and re-entered at t2: it runs on from t0.
    assert _clock(*moves) == t[0]
    assert _clock(*moves, (2, 1, t[3])) == T0


def test_a_return_to_a_stage_whose_start_is_not_on_file_says_nothing():
    """No first row: a return cannot know the old clock (the caller starts it afresh)."""
    assert _clock((1, 2, OUT), (2, 1, OUT + timedelta(minutes=1))) is None


def test_a_new_first_row_forgets_an_earlier_slip():
    """A first row starts the history over: nothing before it is a move to undo."""
    later = OUT + timedelta(minutes=5)
    assert _clock((None, 1, T0), (1, 2, OUT), (None, 2, later), (2, 1, later)) == later


# --- closing -----------------------------------------------------------------------------------


def test_won_from_use_is_normal_earlier_needs_confirmation():
    """Marking a deal won is normal from Use (6) and needs a confirmation from stages 1-5."""
    assert not rules.won_needs_confirmation(6)
    assert all(rules.won_needs_confirmation(n) for n in range(1, 6))


def test_lost_needs_reason_and_winner():
    """A lost deal needs a reason from the standard list and the winner."""
    assert set(rules.check_lost("", "")) == {"reason", "winner"}
    assert set(rules.check_lost("price", " ")) == {"winner"}
    assert rules.check_lost("price", "东风商用车") == {}
    assert rules.check_lost("no_decision", "no_one") == {}


@pytest.mark.parametrize("reason", ["Price 8% higher", "Price", "价格", "others", " price"])
def test_a_lost_reason_is_a_code_of_the_standard_list(reason):
    """A typed reason (even a label) is refused: the reason is picked from the list."""
    errors = rules.check_lost(reason, "Dongfeng")
    assert set(errors) == {"reason"}
    assert errors["reason"].en == "Pick a reason from the list"


@pytest.mark.parametrize("code", [member.value for member in vocab.LostReason])
def test_every_standard_reason_is_taken(code):
    note = "a note" if code == "other" else ""
    assert rules.check_lost(code, "Dongfeng", note) == {}


@pytest.mark.parametrize(("note", "bad"), [("", True), ("  ", True), ("\t", True),
                                           ("budget moved to 2027", False)])
def test_other_needs_a_note_saying_what_it_was(note, bad):
    """"Other" says nothing by itself: a short note is required, at the note field."""
    errors = rules.check_lost("other", "Dongfeng", note)
    assert set(errors) == ({"note"} if bad else set())
    if bad:
        assert errors["note"].zh == "请简要说明其他原因"
    assert rules.check_lost("price", "Dongfeng", note) == {}  # only "other" needs it


@pytest.mark.parametrize(("note_chars", "winner_chars", "bad"), [
    (2000, 200, {}),  # both exactly at their limit
    (2001, 200, {"note": 2000}),  # note one over
    (2000, 201, {"winner": 200}),  # winner one over
    (1999, 199, {}),
])
def test_lost_note_at_most_2000_and_winner_at_most_200_characters(note_chars, winner_chars, bad):
    """A lost deal's note holds at most 2000 characters and its winner at most 200."""
    errors = rules.check_lost("other", "w" * winner_chars, "n" * note_chars)
    assert set(errors) == set(bad)
    for field, limit in bad.items():
        assert errors[field].en == f"At most {limit} characters"
        assert errors[field].zh == f"最多 {limit} 个字符"


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "start", "end"), [
    (date(2026, 1, 1), date(2026, 1, 1), date(2026, 4, 1)),  # Q1 first month
    (date(2026, 2, 3), date(2026, 1, 1), date(2026, 4, 1)),
    (date(2026, 3, 31), date(2026, 1, 1), date(2026, 4, 1)),  # Q1 last month
    (date(2026, 4, 1), date(2026, 4, 1), date(2026, 7, 1)),  # Q2 first month
    (date(2026, 6, 30), date(2026, 4, 1), date(2026, 7, 1)),  # Q2 last month
    (date(2026, 7, 1), date(2026, 7, 1), date(2026, 10, 1)),  # Q3 first month
    (date(2026, 9, 30), date(2026, 7, 1), date(2026, 10, 1)),  # Q3 last month
    (date(2026, 10, 1), date(2026, 10, 1), date(2027, 1, 1)),  # Q4 first month
    (date(2026, 11, 23), date(2026, 10, 1), date(2027, 1, 1)),
    (date(2026, 12, 31), date(2026, 10, 1), date(2027, 1, 1)),  # Q4 last month: next year
])
def test_the_quarter_holding_a_day(today, start, end):
    """A quarter is January-March, April-June, July-September or October-December."""
    assert rules.period_bounds(today, Q) == (start, end)


@pytest.mark.parametrize(("today", "start", "end"), [
    (date(2026, 1, 31), date(2026, 1, 1), date(2026, 2, 1)),
    (date(2026, 11, 23), date(2026, 11, 1), date(2026, 12, 1)),
    (date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),  # December ends next year
])
def test_the_month_holding_a_day(today, start, end):
    """A month runs from its first day up to the first day of the next month."""
    assert rules.period_bounds(today, rules.Period.MONTH) == (start, end)


def test_the_year_holding_a_day():
    """A year runs from 1 January up to 1 January of the next year."""
    assert rules.period_bounds(date(2026, 11, 23), rules.Period.YEAR) == (date(2026, 1, 1),
                                                                          date(2027, 1, 1))


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-01", (date(2026, 1, 1), date(2026, 2, 1))),
    ("2026-11", (date(2026, 11, 1), date(2026, 12, 1))),
    ("2026-12", (date(2026, 12, 1), date(2027, 1, 1))),
    ("2026-13", None),
    ("2026-00", None),
    ("", None),
    (None, None),
    ("2026-1", None),  # six characters: not YYYY-MM
    ("2026-012", None),  # eight characters, even though 012 reads as December
    ("2026/12", None),  # another separator
    ("2026 12", None),
    ("202612", None),
])
def test_a_month_is_typed_as_yyyy_mm(text, expected):
    """A month is typed exactly as YYYY-MM and gives [first day, first day of next month)."""
    assert rules.parse_month(text) == expected


# --- scorecard ---------------------------------------------------------------------------------


def test_default_weights_are_the_domain_example():
    """The default weights are DOMAIN.md's example, which sums to 1.0."""
    weights = rules.default_weights()
    assert weights == {"relationship": 0.15, "service": 0.15, "industry_position": 0.10,
                       "brand": 0.10, "performance": 0.10, "price": 0.20, "supply": 0.05,
                       "fast_solutions": 0.15}
    assert set(weights) == {c.value for c in vocab.ScoreCriterion}
    assert rules.check_weights(weights) is None


@pytest.mark.parametrize(("price", "en", "zh"), [
    (0.15, "Weights sum to 0.95, not 1.00: add 0.05", "权重合计 0.95，应为 1.00：还差 0.05"),
    (0.19, "Weights sum to 0.99, not 1.00: add 0.01", "权重合计 0.99，应为 1.00：还差 0.01"),
    (0.21, "Weights sum to 1.01, not 1.00: remove 0.01", "权重合计 1.01，应为 1.00：多出 0.01"),
    (0.30, "Weights sum to 1.10, not 1.00: remove 0.10", "权重合计 1.10，应为 1.00：多出 0.10"),
])
def test_weights_off_one_by_a_hundredth_say_how_far(price, en, zh):
    """Weights that do not sum to 1.00 are refused with the sum and what to add or remove."""
    weights = rules.default_weights() | {"price": price}  # the others sum to 0.80
    problem = rules.check_weights(weights)
    assert problem is not None
    assert (problem.en, problem.zh) == (en, zh)


@pytest.mark.parametrize("weights", [
    {"price": 0.1, "brand": 0.2, "service": 0.7},  # 1.0000000000000002 in floats
    {"price": 1.0, "brand": 0.0},  # both ends of a weight's range
])
def test_weights_summing_to_one_are_accepted(weights):
    """Weights of 0 to 1 each that sum to 1.00 (within float error) are accepted."""
    assert rules.check_weights(weights) is None


@pytest.mark.parametrize("weights", [
    {"price": 1.01},  # one weight over 1
    {"price": -0.01, "brand": 1.0},  # one weight under 0
    {"price": -0.1, "brand": 1.1},
])
def test_each_weight_is_between_0_and_1(weights):
    """A weight under 0 or over 1 is refused as such, before the sum is looked at."""
    problem = rules.check_weights(weights)
    assert problem is not None
    assert (problem.en, problem.zh) == ("Each weight is between 0 and 1", "每项权重应在 0 到 1 之间")


ALL_SEVEN = {criterion.value: 7.0 for criterion in vocab.ScoreCriterion}


@pytest.mark.parametrize(("weights", "scores", "expected"), [
    ({"price": 0.5, "brand": 0.5}, {"price": 8, "brand": 6}, 7.0),  # all scored: 4 + 3
    ({"price": 0.5, "brand": 0.5}, {"price": 8}, 8.0),  # brand blank: not scored, not 0
    ({"price": 0.6, "brand": 0.3, "supply": 0.1}, {"price": 7, "supply": 4}, 6.57),  # 4.6 / 0.7
    ({"price": 0.6, "brand": 0.4}, {"price": 7.39, "brand": 5}, 6.43),  # 4.434 + 2 = 6.434
    (rules.default_weights(), {"price": 9}, 9.0),  # exactly one criterion scored
    (rules.default_weights(), ALL_SEVEN, 7.0),  # every criterion scored
    ({"price": 0.5, "brand": 0.5}, {"price": 0, "brand": 10}, 5.0),  # a 0 is a score
    ({"price": 0.5, "brand": 0.5}, {"price": 0}, 0.0),  # scored 0 is 0, not "not scored"
    ({"price": 0.0, "brand": 1.0}, {"price": 2, "brand": 8}, 8.0),  # weight 0 weighs nothing
    ({"price": 1.0}, {"price": 6, "colour": 10}, 6.0),  # not one of the criteria: left out
    ({"price": 0.15, "brand": 0.85}, {"price": 0, "brand": 1.5}, 1.28),  # 1.275 up, as by hand
    ({"price": 0.5, "brand": 0.5}, {"price": 7.4, "brand": 7.41}, 7.41),  # 7.405 up
    ({"price": 0.5, "brand": 0.5}, {"price": 7.4, "brand": 7.39}, 7.4),  # 7.395 up too
    ({"price": 1.0}, {"price": 1e300}, 1e300),  # a huge stored score: no cents, no crash
])
def test_weighted_score_weighs_only_what_was_scored(weights, scores, expected):
    """The score is Σ w·s / Σ w over the scored criteria (weights renormalised), in cents."""
    assert rules.weighted_score(weights, scores) == expected


@pytest.mark.parametrize(("weights", "scores"), [
    (rules.default_weights(), {}),  # nothing scored
    ({"price": 0.0, "brand": 1.0}, {"price": 7}),  # only a criterion without weight
    ({"price": 0.0, "brand": 0.0}, {"price": 7, "brand": 3}),  # every weight 0
    ({"price": -0.5, "brand": 1.5}, {"price": 7}),  # a weight below 0 on file (refused on save)
    ({}, {"price": 7}),  # no criteria at all
])
def test_weighted_score_is_none_when_nothing_scored_carries_weight(weights, scores):
    """No score, or scores only where the buyer puts no weight, give no score ("—"), not 0."""
    assert rules.weighted_score(weights, scores) is None


@pytest.mark.parametrize(("scores", "expected"), [
    ({}, 0),
    ({"price": 9}, 1),  # exactly one
    ({"price": 0}, 1),  # a 0 is scored
    ({"price": 9, "colour": 3}, 1),  # not one of the criteria
    (ALL_SEVEN, 8),  # all of them
])
def test_scored_count_counts_the_criteria_with_a_score(scores, expected):
    """A side's count is how many of the weighted criteria it has a score for."""
    weights = rules.default_weights()
    assert rules.scored_count(weights, scores) == expected
    assert rules.scored_criteria(weights, scores) == set(scores) & set(weights)


def test_scored_count_counts_a_criterion_of_weight_zero():
    """A criterion the buyer gives no weight still counts as scored when it has a score."""
    assert rules.scored_count({"price": 0.0, "brand": 1.0}, {"price": 4}) == 1


def test_the_lead_over_a_rival_scored_on_one_criterion_says_so():
    """The issue's case: all 8 of ours against the rival's 1 is compared, and said to be so."""
    lead = rules.compare_scores(rules.default_weights(), {"": ALL_SEVEN, "Dongfeng": {"price": 8}})
    assert lead == rules.Lead(rival="Dongfeng", gap=-1.0, ours=8, theirs=1, same_criteria=False)
    assert lead.counts_differ


def test_the_lead_on_the_same_criteria_is_a_plain_comparison():
    """Both sides scored on every criterion: the gap of the totals, nothing to warn about."""
    rival = ALL_SEVEN | {"price": 5.0}  # 7 - 0.2 × 2
    lead = rules.compare_scores(rules.default_weights(), {"": ALL_SEVEN, "Volvo": rival})
    assert lead == rules.Lead(rival="Volvo", gap=0.4, ours=8, theirs=8, same_criteria=True)
    assert not lead.counts_differ


def test_a_rival_scored_on_more_criteria_than_we_are_is_said_so_too():
    """The counts differ whichever side has more: one of ours against the rival's eight."""
    lead = rules.compare_scores(rules.default_weights(), {"": {"price": 9}, "Dongfeng": ALL_SEVEN})
    assert lead == rules.Lead(rival="Dongfeng", gap=2.0, ours=1, theirs=8, same_criteria=False)
    assert lead.counts_differ
    with pytest.raises(dataclasses.FrozenInstanceError):
        lead.gap = 0.0  # what the view shows is what was worked out


def test_the_same_number_of_different_criteria_is_not_the_same_basis():
    """One criterion each, but not the same one: the counts agree, the criteria do not."""
    lead = rules.compare_scores(rules.default_weights(), {"": {"price": 8}, "A": {"brand": 6}})
    assert lead == rules.Lead(rival="A", gap=2.0, ours=1, theirs=1, same_criteria=False)
    assert not lead.counts_differ


@pytest.mark.parametrize("order", [("A", "B", "C"), ("C", "B", "A"), ("B", "A", "C")])
def test_the_lead_is_over_the_strongest_scored_rival(order):
    """Of several rivals we are compared with the best scored, whatever their order on file."""
    rivals = {"A": {"price": 6.0}, "B": {"price": 9.0}, "C": {"price": 2.0}}
    scores = {"": {"price": 7.0}} | {name: rivals[name] for name in order}
    lead = rules.compare_scores(rules.default_weights(), scores)
    assert lead is not None and (lead.rival, lead.gap) == ("B", -2.0)


def test_of_rivals_scored_equal_the_first_on_file_is_named():
    """Two rivals on the same total: the first on file is the one named."""
    scores = {"": {"price": 7.0}, "A": {"price": 8.0}, "B": {"price": 8.0}}
    lead = rules.compare_scores(rules.default_weights(), scores)
    assert lead is not None and lead.rival == "A"


def test_a_rival_without_a_score_is_not_the_one_compared():
    """A rival on file with no usable score is passed over for one that has a score."""
    weights = {"price": 0.0, "brand": 1.0}
    scores = {"": {"brand": 7.0}, "A": {}, "B": {"price": 10.0}, "C": {"brand": 3.0}}
    lead = rules.compare_scores(weights, scores)
    assert lead is not None and (lead.rival, lead.gap) == ("C", 4.0)


@pytest.mark.parametrize("scores", [
    {},  # nobody scored
    {"": {"price": 7.0}},  # we are, no rival
    {"": {"price": 7.0}, "A": {}},  # a rival named, not scored
    {"A": {"price": 7.0}},  # a rival is, we are not
    {"": {}, "A": {"price": 7.0}},
])
def test_there_is_no_lead_unless_both_sides_are_scored(scores):
    """A lead is told only when we and at least one rival have a score."""
    assert rules.compare_scores(rules.default_weights(), scores) is None


@pytest.mark.parametrize(("ours", "theirs", "gap"), [
    (7.1, 6.9, 0.2),  # 0.1999999… in floats
    (6.9, 7.1, -0.2),
    (7.0, 7.0, 0.0),  # level
    (7.41, 7.15, 0.26),  # the demo's deal: 0.2600000000000002 in floats
    (10, 0, 10.0),
])
def test_the_gap_is_ours_minus_theirs_to_two_decimals(ours, theirs, gap):
    """The gap is our total less the rival's, rounded to two decimals: above 0 we lead."""
    lead = rules.compare_scores({"price": 1.0}, {"": {"price": ours}, "A": {"price": theirs}})
    assert lead is not None and lead.gap == gap


@pytest.mark.parametrize(("value", "accepted"), [
    (-0.01, False), (0, True), (0.01, True), (7.5, True), (9.99, True), (10, True),
    (10.01, False), (10.5, False),
])
def test_a_score_is_between_0_and_10_inclusive(value, accepted):
    """A criterion's score is accepted from 0 to 10 inclusive and refused outside."""
    problem = rules.check_score(value)
    if accepted:
        assert problem is None
    else:
        assert problem is not None and problem.en == "A score is between 0 and 10"
        assert problem.zh == "评分应在 0 到 10 之间"


@pytest.mark.parametrize(("text", "expected"), [
    ("0.15", 0.15),
    ("0,15", 0.15),  # a decimal comma
    ("0，15", 0.15),  # a full-width comma from a Chinese keyboard
    ("15%", 0.15),
    ("15 %", 0.15),
    ("", None),
    ("%", None),
    ("abc", None),
    ("nan", None),
    ("inf", None),
    ("-inf", None),
])
def test_parse_number_reads_decimals_commas_and_percents(text, expected):
    """A typed decimal may use a comma or a percent sign; unreadable or infinite text is None."""
    assert rules.parse_number(text) == (None if expected is None else pytest.approx(expected))


# --- contract checklist ------------------------------------------------------------------------


@pytest.mark.parametrize("item", rules.CONTRACT_ITEMS, ids=lambda item: item.code)
def test_every_contract_item_is_found_by_its_own_code(item):
    """A stored code names its own item, even where it begins another item's label."""
    # "delivery_time" begins with the Delivery item's stem "delivery": the code must win.
    assert rules.contract_item(item.code) is item


@pytest.mark.parametrize(("stored", "code"), [
    ("price", "price"),
    ("PRICE", "price"),
    ("价格（含运费、上牌费）", "price"),  # full-width bracket
    ("Price (incl. freight)", "price"),  # ASCII bracket
    ("配置", "configuration"),
    ("交货期", "delivery_time"),  # an older record's shorter name
    ("付款方式", "payment"),
    # The delivery-time item's own label begins with the Delivery item's stem "delivery":
    # its own label must still name it (this used to give Delivery).
    ("Delivery time vs our production cycle", "delivery_time"),
    ("Delivery time vs our production cycle (March)", "delivery_time"),
    ("Delivery (in two batches)", "delivery"),
    ("Delivery in two batches", "delivery"),  # own words that begin with a label's stem
    ("", None),
    ("（备注）", None),  # nothing before the bracket
    ("Warranty extension", None),
])
def test_contract_items_match_codes_and_labels_with_details(stored, code):
    """A stored item matches a standard one by code, or by its label's text before any bracket."""
    item = rules.contract_item(stored)
    assert (item.code if item else None) == code


def test_a_contract_item_reads_in_either_language():
    """A contract item shows its Chinese label for zh and its English one otherwise."""
    item = rules.CONTRACT_ITEMS[0]
    assert item.label("en") == "Configuration"
    assert item.label("zh") == "配置"
    assert item.label() == "Configuration"
    assert item.label("zu") == "Configuration"  # Zulu sorts after zh: only an exact "zh" is Chinese
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.en = "Changed"  # a standard item is shared by every deal: it must not change

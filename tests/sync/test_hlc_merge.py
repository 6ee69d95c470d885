"""The hybrid logical clock and the per-field merge rules."""

from __future__ import annotations

import pytest

from kam_tui.core.domain import hlc
from kam_tui.core.domain.merge import Outcome, Written, counter_total, decide


def test_text_form_sorts_as_the_clocks_do() -> None:
    clocks = [hlc.Hlc(5, 2, "b"), hlc.Hlc(5, 10, "a"), hlc.Hlc(40, 0, "a"), hlc.Hlc(5, 2, "c")]
    assert sorted(c.text() for c in clocks) == [c.text() for c in sorted(clocks)]
    assert hlc.Hlc.parse(clocks[1].text()) == clocks[1]


@pytest.mark.parametrize("text", ["", "12-3-a", "000000000000005-00002-", "x" * 40,
                                  "000000000000005-00002-A"])
def test_parse_refuses_what_is_not_a_clock(text: str) -> None:
    with pytest.raises(ValueError):
        hlc.Hlc.parse(text)


def test_tick_never_runs_backwards_when_the_wall_clock_does() -> None:
    first = hlc.tick(None, 1000, "a")
    assert first == hlc.Hlc(1000, 0, "a")
    second = hlc.tick(first, 900, "a")  # the wall clock was set back
    assert second == hlc.Hlc(1000, 1, "a") and second > first
    assert hlc.tick(second, 2000, "a") == hlc.Hlc(2000, 0, "a")


def test_counter_overflow_moves_the_wall_on() -> None:
    full = hlc.Hlc(1000, hlc.COUNTER_LIMIT, "a")
    assert hlc.tick(full, 1000, "a") == hlc.Hlc(1001, 0, "a")


def test_receive_moves_past_a_later_remote_clock() -> None:
    remote = hlc.Hlc(5000, 7, "b")
    after = hlc.receive(hlc.Hlc(1000, 0, "a"), remote, 1200, "a")
    assert after > remote and after.replica == "a"
    assert hlc.receive(None, remote, 9000, "a") == hlc.Hlc(9000, 0, "a")


def test_receive_refuses_a_clock_a_day_ahead() -> None:
    with pytest.raises(hlc.ClockAhead, match="hours ahead"):
        hlc.receive(None, hlc.Hlc(hlc.MAX_AHEAD_MS + 10, 0, "b"), 0, "a")


A1, A2, B1 = "000000000001000-00000-a", "000000000002000-00000-a", "000000000001500-00000-b"


def test_a_new_field_applies() -> None:
    assert decide(Written("x", A1), None) is Outcome.APPLY


def test_the_same_write_again_is_ignored() -> None:
    assert decide(Written("x", A1), Written("x", A1)) is Outcome.IGNORE


def test_an_edit_made_on_top_of_the_value_here_applies_without_conflict() -> None:
    assert decide(Written("new", A2, base=B1), Written("old", B1)) is Outcome.APPLY


def test_a_later_edit_that_never_saw_the_value_here_wins_as_a_conflict() -> None:
    assert decide(Written("mine", A2, base=None), Written("theirs", B1)) \
        is Outcome.APPLY_CONFLICT
    assert decide(Written("mine", A2, base=A1), Written("theirs", B1)) \
        is Outcome.APPLY_CONFLICT


def test_an_older_edit_loses_as_a_conflict_unless_the_value_here_saw_it() -> None:
    assert decide(Written("old", A1), Written("new", B1)) is Outcome.KEEP_CONFLICT
    assert decide(Written("old", A1), Written("new", B1, base=A1)) is Outcome.IGNORE


def test_equal_values_are_never_a_conflict() -> None:
    assert decide(Written("same", A2), Written("same", B1)) is Outcome.APPLY
    assert decide(Written("same", A1), Written("same", B1)) is Outcome.IGNORE


def test_a_counter_adds_every_replicas_part() -> None:
    assert counter_total({"a": 2, "b": 3}) == 5
    assert counter_total({}) == 0

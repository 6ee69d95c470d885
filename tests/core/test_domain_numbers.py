"""numbers.parse_whole: whole numbers as reps write them, read exactly or refused."""

from __future__ import annotations

import pytest

from kam_tui.core.domain.numbers import parse_whole


@pytest.mark.parametrize("text, expected", [
    ("120万", 1_200_000),  # units are on unless turned off
    ("3萬", 30_000),  # the traditional 萬 is the same ten thousand as 万
    ("2億", 200_000_000),  # the traditional 億 is the same hundred million as 亿
    ("1.5億", 150_000_000),
    ("1.5亿", 150_000_000),
    ("0.5万", 5_000),
])
def test_units_multiply_by_default(text: str, expected: int) -> None:
    """万/萬 multiply by 10,000 and 亿/億 by 100,000,000 unless units are turned off."""
    assert parse_whole(text) == expected


def test_units_can_be_turned_off() -> None:
    """Without units, 万 is not a number."""
    assert parse_whole("120万", units=False) is None


def test_percent_sign_only_when_asked() -> None:
    """A trailing % is read only when percent is asked for."""
    assert parse_whole("30%") is None
    assert parse_whole("30%", percent=True) == 30


def test_flags_are_keyword_only() -> None:
    """units and percent are named at the call, so one can never be passed for the other."""
    with pytest.raises(TypeError):
        parse_whole("30", False)  # type: ignore[misc]


# The most characters a number may have after separators are removed is 30.
@pytest.mark.parametrize("text, expected", [
    ("9" * 29, 10**29 - 1),
    ("9" * 30, 10**30 - 1),  # exactly at the limit
    ("9" * 31, None),  # one over
    ("123456789012345678901234567890", 123456789012345678901234567890),
    ("123,456,789,012,345,678,901,234,567,890", 123456789012345678901234567890),
])
def test_thirty_digits_at_most(text: str, expected: int | None) -> None:
    """Up to 30 digits are read, every digit exactly; 31 are refused."""
    assert parse_whole(text) == expected


def test_a_long_number_times_a_unit_is_exact() -> None:
    """A 30-character amount in 亿 is read exactly: 30 digits followed by eight zeros."""
    assert parse_whole("123456789012345678901234567890亿") == 123456789012345678901234567890 * 10**8


@pytest.mark.parametrize("text", ["1.0", "12.00", "3.5", "0.0"])
def test_a_fraction_without_a_unit_is_refused(text: str) -> None:
    """A decimal point without 万 or 亿 is a typo, even when the value is whole (1.0)."""
    assert parse_whole(text) is None


@pytest.mark.parametrize("text, expected", [
    ("1.0万", 10_000),
    ("1.25万", 12_500),
    ("1.00001万", None),  # 10,000.1: not whole
    ("0.00005万", None),  # 0.5: not whole
    ("-1.00001万", None),  # -10,000.1: not whole either
    ("-1.5万", -15_000),
])
def test_a_fraction_with_a_unit_must_come_out_whole(text: str, expected: int | None) -> None:
    """With a unit a fraction is accepted only when the product is a whole number."""
    assert parse_whole(text) == expected

"""Amounts on screen: exact, half up, the same rounding in English and Chinese (#15.7)."""

from __future__ import annotations

import pytest

from kam_tui.ui.kit import format as fmt


@pytest.mark.parametrize(("value", "en", "zh"), [
    (26_055_000, "26.06M", "2,605.5万"),   # 86.85M × 30%: a float shows 26.05M
    (16_175_000, "16.18M", "1,617.5万"),
    (16_165_000, "16.17M", "1,616.5万"),   # half up, not half even
    (1_234_550, "1.23M", "123.5万"),
    (12_345, "12K", "1.2万"),
    (12_500, "13K", "1.3万"),
    (9_999, "9,999", "9,999"),
    (999_500, "1.00M", "100.0万"),        # not 1,000K
    (99_999_999, "100.00M", "1.00亿"),      # not 10,000.0万
    (-26_055_000, "-26.06M", "-2,605.5万"),
    (0, "0", "0"),
])
def test_amounts_round_half_up_in_both_languages(value: int, en: str, zh: str) -> None:
    assert (fmt.amount(value, "en"), fmt.amount(value, "zh")) == (en, zh)


@pytest.mark.parametrize(("value", "en", "zh"), [
    (26_055_000, "26.1M", "2606万"),
    (26_050_000, "26.1M", "2605万"),       # 2604.99… is not a half: the float once said 2605
    (2_605_000, "2.6M", "261万"),
    (2_650_000, "2.7M", "265万"),
    (2_250_000, "2.3M", "225万"),          # half up where half even says 2.2M
    (999_500, "1.0M", "100万"),            # not 1000K
    (999_950_000, "1.0B", "10.0亿"),       # not 1000.0M; 99,995万 reads as 10.0亿
    (999, "999", "999"),
])
def test_compact_amounts_round_half_up(value: int, en: str, zh: str) -> None:
    assert (fmt.compact_amount(value, "en"), fmt.compact_amount(value, "zh")) == (en, zh)


def test_the_largest_stored_amount_is_rounded_exactly() -> None:
    largest = 10**30 - 1
    assert fmt.amount(largest, "en") == "1,000,000,000,000,000,000,000,000.00M"
    assert fmt.amount(10**30 - 6 * 10**3, "en") == "999,999,999,999,999,999,999,999.99M"

"""decline: the early warnings of DOMAIN.md §4, read from purchase and contact dates."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from kam_tui.core.domain.decline import (
    DeclineWarning,
    contact_limit,
    decline_warnings,
    usual_purchase_cycle,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("dates, expected", [
    ([], None),
    ([date(2026, 5, 1)], None),  # one purchase has no cycle
    ([date(2026, 5, 1), date(2026, 5, 1)], None),  # the same day twice is still one purchase
    ([date(2026, 5, 1), date(2026, 7, 1)], 61),  # two purchases: May 31 + June 30 days apart
    ([date(2026, 7, 1), date(2026, 5, 1)], 61),  # in any order
    ([date(2026, 1, 1), date(2026, 1, 11), date(2026, 2, 10)], 20),  # gaps 10 and 30: median 20
])
def test_usual_cycle_needs_two_purchase_days(dates: list[date], expected: int | None) -> None:
    """The usual purchase cycle is the median gap in days, from two purchase days on."""
    assert usual_purchase_cycle(dates) == expected


def test_no_purchase_for_longer_than_the_cycle_warns() -> None:
    """Two purchases 61 days apart, the last on 1 July: by 23 November that is 145 days."""
    # 1 July to 23 November 2026: 31 (Jul) + 31 (Aug) + 30 (Sep) + 31 (Oct) + 22 = 145 days.
    [warning] = decline_warnings(TODAY, [date(2026, 5, 1), date(2026, 7, 1)])
    assert (warning.code, warning.days, warning.limit) == ("no_purchase", 145, 61)
    assert warning.en == "No purchase for 145 days; it usually buys every 61 days"
    assert warning.zh == "已 145 天未采购；通常每 61 天采购一次"


@pytest.mark.parametrize("days_since, warns", [
    (0, False),
    (22, False),  # well inside the cycle
    (60, False),  # one under
    (61, False),  # exactly one cycle: not late yet
    (62, True),  # one over
])
def test_no_purchase_warning_only_after_the_cycle(days_since: int, warns: bool) -> None:
    """No purchase warns only when the days since the last one are more than the cycle (61)."""
    last = TODAY - timedelta(days=days_since)
    purchases = [last - timedelta(days=61), last]
    codes = [w.code for w in decline_warnings(TODAY, purchases)]
    assert codes == (["no_purchase"] if warns else [])


@pytest.mark.parametrize("days_since, warns", [
    (1, False),  # contacted yesterday
    (29, False),  # one under
    (30, False),  # exactly at the limit
    (31, True),  # one over
])
def test_no_contact_warning_only_after_the_limit(days_since: int, warns: bool) -> None:
    """No contact warns only when the days since the last one are more than the limit (30 for A)."""
    warnings = decline_warnings(TODAY, last_contact=TODAY - timedelta(days=days_since),
                                max_days_without_contact=contact_limit("A"))
    assert [w.code for w in warnings] == (["no_contact"] if warns else [])


def test_no_contact_warning_says_days_and_limit() -> None:
    """The no-contact warning gives the days since the last contact and the limit, in both languages."""
    [warning] = decline_warnings(TODAY, last_contact=date(2026, 10, 23),
                                 max_days_without_contact=30)
    # 23 October to 23 November: 31 days.
    assert (warning.code, warning.days, warning.limit) == ("no_contact", 31, 30)
    assert warning.message("en") == "No contact for 31 days (limit 30)"
    assert warning.message("zh") == "已 31 天未联系（上限 30 天）"


@pytest.mark.parametrize("lang", ["en", "", "de", "zu"])
def test_warning_falls_back_to_english(lang: str) -> None:
    """A warning is shown in English for any language but zh."""
    warning = DeclineWarning("no_contact", 31, 30, "No contact", "未联系")
    assert warning.message(lang) == "No contact"
    assert warning.message("zh") == "未联系"


def test_warning_cannot_be_changed() -> None:
    """A warning is a value, shared by the card and the Today list: immutable."""
    warning = DeclineWarning("no_contact", 31, 30, "No contact", "未联系")
    with pytest.raises(dataclasses.FrozenInstanceError):
        warning.days = 0  # type: ignore[misc]

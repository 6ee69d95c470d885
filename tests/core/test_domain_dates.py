"""dates.parse_date and add_months: what reps type, and what must be refused."""

from __future__ import annotations

from datetime import date

import pytest

from kam_tui.core.domain.dates import DateParseError, add_months, parse_date

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-05", date(2026, 11, 5)),
    ("2026-1-5", date(2026, 1, 5)),
    ("2026/11/05", date(2026, 11, 5)),
    ("2026/1/5", date(2026, 1, 5)),
    ("2026.11.05", date(2026, 11, 5)),
    ("2026年11月5日", date(2026, 11, 5)),
    ("2026年11月5", date(2026, 11, 5)),
    ("2026 年 11 月 5 日", date(2026, 11, 5)),
    ("20261105", date(2026, 11, 5)),
    ("  2026-11-05  ", date(2026, 11, 5)),
])
def test_absolute_dates(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("11-30", date(2026, 11, 30)),
    ("11/30", date(2026, 11, 30)),
    ("1-5", date(2026, 1, 5)),
    ("11月30日", date(2026, 11, 30)),
    ("12.31", date(2026, 12, 31)),
])
def test_month_day_is_in_the_current_year(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("today", TODAY),
    ("Today", TODAY),
    ("TODAY", TODAY),
    ("t", TODAY),
    ("今天", TODAY),
    ("tomorrow", date(2026, 11, 24)),
    ("tmr", date(2026, 11, 24)),
    ("明天", date(2026, 11, 24)),
    ("yesterday", date(2026, 11, 22)),
    ("昨天", date(2026, 11, 22)),
    ("后天", date(2026, 11, 25)),
    ("前天", date(2026, 11, 21)),
    # The written-Chinese aliases mean the same days as 今天/明天/昨天 (TODAY is 2026-11-23).
    ("今日", date(2026, 11, 23)),
    ("明日", date(2026, 11, 24)),
    ("昨日", date(2026, 11, 22)),
])
def test_words(text: str, expected: date) -> None:
    """A day word is read relative to today: today 0, tomorrow +1, yesterday -1, and so on."""
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("+3d", date(2026, 11, 26)),
    ("+3", date(2026, 11, 26)),
    ("+3天", date(2026, 11, 26)),
    ("-3d", date(2026, 11, 20)),
    ("+10d", date(2026, 12, 3)),  # across a month end
    ("-2w", date(2026, 11, 9)),
    ("+2w", date(2026, 12, 7)),
    ("+1周", date(2026, 11, 30)),
    ("+1m", date(2026, 12, 23)),
    ("+2m", date(2027, 1, 23)),  # across a year end
    ("-11m", date(2025, 12, 23)),
    ("+1月", date(2026, 12, 23)),
    ("+1y", date(2027, 11, 23)),
    ("-1年", date(2025, 11, 23)),
    ("+ 3 d", date(2026, 11, 26)),
    ("+3D", date(2026, 11, 26)),
])
def test_relative(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_plus_one_month_on_31_january_is_end_of_february() -> None:
    assert parse_date("+1m", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_date("+1m", date(2028, 1, 31)) == date(2028, 2, 29)  # leap year
    assert parse_date("+1m", date(2026, 3, 31)) == date(2026, 4, 30)
    assert parse_date("-1m", date(2026, 3, 31)) == date(2026, 2, 28)


def test_plus_one_year_on_29_february() -> None:
    assert parse_date("+1y", date(2028, 2, 29)) == date(2029, 2, 28)
    assert parse_date("+4y", date(2028, 2, 29)) == date(2032, 2, 29)
    assert parse_date("-1y", date(2028, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 5, 31), -3, date(2026, 2, 28)),
    (date(2026, 5, 31), 24, date(2028, 5, 31)),
    (date(2026, 5, 31), 0, date(2026, 5, 31)),
])
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_is_none(text: str) -> None:
    assert parse_date(text, TODAY) is None


@pytest.mark.parametrize("text", [
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-11-31",
    "2027-02-29",  # not a leap year
    "20260230",
    "2026年2月30日",
    "02-30",
    "13-01",
    "0000-01-01",
    "garbage",
    "next week",
    "2026-11",
    "26-11-05-01",
    "+3x",
    "+",
    "3d",
    "++3d",
    "2026-11-05x",
    "２０２６年２月３０日",
])
def test_invalid_raises(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text, TODAY)


def test_leap_day_is_accepted_in_a_leap_year() -> None:
    assert parse_date("2028-02-29", TODAY) == date(2028, 2, 29)
    assert parse_date("02-29", date(2028, 1, 1)) == date(2028, 2, 29)
    with pytest.raises(DateParseError):
        parse_date("02-29", TODAY)  # 2026 is not a leap year


def test_far_future_years_refused_as_date_parse_error() -> None:
    # Out of date's range must be a DateParseError (the form shows it), not a bare ValueError.
    with pytest.raises(DateParseError):
        parse_date("+9999y", TODAY)
    with pytest.raises(DateParseError):
        parse_date("-9999y", TODAY)


def test_error_is_a_value_error() -> None:
    # Callers that catch ValueError still work.
    assert issubclass(DateParseError, ValueError)

"""Holidays from the `holidays` library: spans, festival names, first days, working-day tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kam_tui.areas.calendar.rules import holidays as h
from kam_tui.areas.calendar.rules.holidays import (
    MajorHoliday,
    holidays_between,
    major_holidays_between,
    working_days,
)

# --- holidays in a span ------------------------------------------------------------------------


def test_a_span_includes_its_first_and_last_day():
    """Holidays on the span's very first and very last day are both listed."""
    # 2027: Mid-Autumn on 15 September, National Day from 1 October, nothing in between.
    assert holidays_between(date(2027, 9, 15), date(2027, 10, 1), "en") == [
        (date(2027, 9, 15), "Mid-Autumn Festival"),
        (date(2027, 10, 1), "National Day"),
    ]


def test_a_one_day_span_holds_that_days_holiday():
    """A span of a single holiday (start equals end) is that holiday, not nothing."""
    assert holidays_between(date(2027, 10, 1), date(2027, 10, 1), "zh") == [
        (date(2027, 10, 1), "国庆节")]


def test_a_span_ending_before_it_starts_is_empty():
    """An end before the start is an empty span: an empty list, never None."""
    assert holidays_between(date(2027, 10, 2), date(2027, 10, 1), "en") == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "春节"),
    ("en", "Spring Festival"),
    ("fr", "Spring Festival"),  # any language without its own names falls back to English
    ("zu", "Spring Festival"),  # also one that sorts after "zh"
])
def test_major_festival_names_by_language(lang, expected):
    """A major festival is named in Chinese for "zh" and in English for every other language."""
    assert MajorHoliday("spring_festival", date(2027, 2, 6)).name(lang) == expected


def test_major_festival_name_defaults_to_english():
    """Without a language a festival is named in English."""
    assert MajorHoliday("national_day", date(2027, 10, 1)).name() == "National Day"


def test_a_major_holiday_is_a_value():
    """A MajorHoliday cannot be changed and hashes by its code and first day."""
    one = MajorHoliday("new_year", date(2027, 1, 1))
    assert {one, MajorHoliday("new_year", date(2027, 1, 1))} == {one}
    with pytest.raises(AttributeError):
        one.code = "x"  # type: ignore[misc]


# --- first days of major festivals -------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "expected"), [
    # The Spring Festival of 2027 runs 6 to 8 February under its own name.
    (date(2027, 2, 1), date(2027, 2, 28), [("spring_festival", date(2027, 2, 6))]),
    (date(2027, 2, 6), date(2027, 2, 28), [("spring_festival", date(2027, 2, 6))]),  # starts on it
    (date(2027, 2, 8), date(2027, 2, 28), []),  # already running on its last day
    (date(2027, 1, 1), date(2027, 1, 1), [("new_year", date(2027, 1, 1))]),  # a one-day span
])
def test_a_festival_is_found_by_its_first_day_only(start, end, expected):
    """A festival is listed when its first day falls in the span, and never by a later day."""
    assert [(x.code, x.first_day) for x in major_holidays_between(start, end)] == expected


@pytest.mark.parametrize(("year", "expected"), [
    # 2023: Mid-Autumn on Friday 29 September, two days before National Day.
    (2023, [("mid_autumn", date(2023, 9, 29)), ("national_day", date(2023, 10, 1))]),
    # 2025: Mid-Autumn on 6 October, inside the National Day week.
    (2025, [("national_day", date(2025, 10, 1)), ("mid_autumn", date(2025, 10, 6))]),
])
def test_two_festivals_close_together_are_both_found(year, expected):
    """Different festivals within a week of each other are two festivals, whichever comes first."""
    found = major_holidays_between(date(year, 9, 1), date(year, 10, 31))
    assert [(x.code, x.first_day) for x in found] == expected


def golden_week(year: int, lang: str) -> tuple[tuple[date, str], ...]:
    # An eight-day National Day week, 1 to 8 October, each day under the festival's own name
    # (as in 2020, when Mid-Autumn fell on 1 October and a table may name the whole week so).
    return tuple((date(year, 10, 1) + timedelta(days=i), "National Day") for i in range(8))


def test_a_week_of_days_under_one_name_is_one_festival(monkeypatch):
    """Days under one festival's name up to a week after its first day are that same festival."""
    monkeypatch.setattr(h, "_year", golden_week)
    # 1 to 8 October: the 8th is exactly 7 days after the 1st, still the same festival.
    assert major_holidays_between(date(2030, 9, 1), date(2030, 10, 31)) == [
        MajorHoliday("national_day", date(2030, 10, 1))]
    # Looking from its last day, the week is already running: nothing starts.
    assert major_holidays_between(date(2030, 10, 8), date(2030, 10, 31)) == []


# --- working-day tables ------------------------------------------------------------------------


def test_a_working_day_table_spans_its_whole_years():
    """The span whose holidays are known runs from 1 January of the first year to 31 December."""
    work = working_days(2026, 2027)
    assert (work.first, work.last) == (date(2026, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(("years", "day", "worked"), [
    ((2026, 2026), date(2026, 1, 4), True),  # a Sunday worked for New Year 2026 (in January)
    ((2011, 2011), date(2011, 12, 31), True),  # a Saturday worked for New Year 2012: the last day
    # The library keeps a few other years' adjusted days in every table; a table ignores them.
    ((2002, 2002), date(2001, 12, 29), False),  # a Saturday before the span
    ((2002, 2002), date(2011, 12, 31), False),  # a Saturday after the span
])
def test_adjusted_weekend_days_count_only_inside_the_tables_years(years, day, worked):
    """A weekend day worked instead of a holiday is a working day only in the table of its year."""
    assert working_days(*years).is_working(day) is worked

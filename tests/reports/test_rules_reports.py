"""The reports' pure rules: periods, percentages rounded half up, medians of counted values."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kam_tui.areas.reports.rules.figures import median, percent
from kam_tui.areas.reports.rules.periods import (
    ReportFilter, add_months, month_starts, period_holding, report_bounds,
)

TODAY = date(2026, 11, 23)


def test_the_period_holding_today_by_default():
    """Without a start a report covers the month, quarter (the default) or year holding today."""
    assert report_bounds(ReportFilter(period="month"), TODAY) == (date(2026, 11, 1),
                                                                  date(2026, 11, 30))
    assert report_bounds(ReportFilter(), TODAY) == (date(2026, 10, 1), date(2026, 12, 31))
    assert report_bounds(ReportFilter(period="year"), TODAY) == (date(2026, 1, 1),
                                                                 date(2026, 12, 31))


def test_a_start_names_the_period_that_holds_it():
    """A start date inside a period stands for that whole period."""
    # 2027-02-10 is in Q1 2027 (January to March) and in the year 2027.
    assert report_bounds(ReportFilter(start=date(2027, 2, 10)), TODAY) == (
        date(2027, 1, 1), date(2027, 3, 31))
    assert report_bounds(ReportFilter(period="year", start=date(2027, 1, 1)), TODAY) == (
        date(2027, 1, 1), date(2027, 12, 31))
    assert report_bounds(ReportFilter(period="month", start=date(2026, 12, 1)), TODAY) == (
        date(2026, 12, 1), date(2026, 12, 31))


def test_a_filter_cannot_be_changed():
    """A report filter is a value: changing it means making a new one."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        ReportFilter().period = "year"  # type: ignore[misc]


@pytest.mark.parametrize(("period", "day", "bounds"), [
    ("month", date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),  # a leap year
    ("month", date(2027, 2, 28), (date(2027, 2, 1), date(2027, 2, 28))),
    ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    # every quarter's first and last day: Q1 Jan-Mar, Q2 Apr-Jun, Q3 Jul-Sep, Q4 Oct-Dec
    ("quarter", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
    ("quarter", date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
    ("quarter", date(2026, 4, 1), (date(2026, 4, 1), date(2026, 6, 30))),
    ("quarter", date(2026, 6, 30), (date(2026, 4, 1), date(2026, 6, 30))),
    ("quarter", date(2026, 7, 1), (date(2026, 7, 1), date(2026, 9, 30))),
    ("quarter", date(2026, 9, 30), (date(2026, 7, 1), date(2026, 9, 30))),
    ("quarter", date(2026, 10, 1), (date(2026, 10, 1), date(2026, 12, 31))),
    ("quarter", date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
    ("year", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 12, 31))),
    ("year", date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
])
def test_period_edges(period, day, bounds):
    """A period runs from its first day to its last day, both included."""
    assert period_holding(period, day) == bounds


def test_an_unknown_period_is_refused():
    """Only month, quarter and year are report periods."""
    with pytest.raises(ValueError, match="week"):
        report_bounds(ReportFilter(period="week"), TODAY)


def test_months_of_a_period_cross_the_year():
    """Adding months crosses year ends both ways."""
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 11, 1), 14) == date(2028, 1, 1)


@pytest.mark.parametrize(("first", "last", "starts"), [
    (date(2026, 11, 1), date(2027, 1, 31),
     (date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1))),
    (date(2026, 11, 15), date(2026, 12, 1),  # the last day is a first day: its month counts
     (date(2026, 11, 1), date(2026, 12, 1))),
    (date(2026, 11, 1), date(2026, 11, 1), (date(2026, 11, 1),)),
    (date(2026, 1, 1), date(2026, 12, 31), tuple(date(2026, m, 1) for m in range(1, 13))),
])
def test_month_starts_cover_first_to_last_month_inclusive(first, last, starts):
    """The months of a range are those from first's month to last's month, both included."""
    assert month_starts(first, last) == starts


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (1, 8, 13),  # 12.5% exactly: up, where round() would give 12
    (3, 8, 38),  # 37.5%
    (1, 3, 33),  # 33.33%
    (2, 3, 67),  # 66.67%
    (1, 200, 1),  # 0.5%: up
    (1, 201, 0),  # 0.498%: down
    (0, 5, 0),
    (5, 5, 100),
    (0, 1, 0),  # a whole of one
    (1, 1, 100),
    (0, 0, None),  # nothing to take a share of
    (1, -4, None),  # nor of a negative whole
])
def test_percent_rounds_half_up(part, whole, expected):
    """A percentage is part / whole in whole percent, half up; no positive whole gives None."""
    assert percent(part, whole) == expected


@pytest.mark.parametrize(("counted", "expected"), [
    ([], None),
    ([(7, 0)], None),  # counted no times: no value
    ([(3, 1)], 3.0),
    ([(10, 1), (2, 1)], 6.0),  # 2, 10: the mean of the two
    ([(5, 1), (1, 2)], 1.0),  # 1, 1, 5
    ([(1, 1), (2, 1), (3, 1)], 2.0),  # 1, 2, 3
    ([(4, 2), (1, 1), (9, 1)], 4.0),  # 1, 4, 4, 9: (4 + 4) / 2
    ([(1, 1), (2, 1), (3, 1), (100, 1)], 2.5),  # (2 + 3) / 2
    ([(5, 1), (4, 1), (3, 1), (2, 1), (1, 1)], 3.0),  # 1, 2, 3, 4, 5
    ([(1, 1), (2, 0), (3, 1)], 2.0),  # 2 counted no times: 1, 3
    ([(1, 1), (2, 1), (3, 1), (4, -1)], 2.0),  # a negative count is no value: 1, 2, 3
])
def test_median_of_counted_values(counted, expected):
    """The median of values given with counts; the mean of the middle two for an even number."""
    assert median(counted) == expected
